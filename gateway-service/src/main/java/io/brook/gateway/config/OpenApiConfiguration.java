package io.brook.gateway.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The frame of the OpenAPI document springdoc serves at {@code /v3/api-docs}: title, version, the
 * two ways to authenticate, and a fixed server URL. The server is fixed (not the request's host)
 * so the document is the same wherever it is fetched from: {@code sdk/openapi.json} is a copy of
 * it, compared by {@code OpenApiSpecIT}, and the SDKs are generated from that copy.
 *
 * <p>A customizer then fixes what springdoc cannot infer: Jackson 3 {@code JsonNode} fields become
 * "any JSON value" (springdoc would describe the node class's getters), every 4xx/5xx response is
 * an RFC 9457 problem (springdoc would repeat the success type there, and leave out the 200 of an
 * operation that only declares its errors), and schemas nothing refers to any more are dropped.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** Name of the API key scheme in the document. */
    public static final String API_KEY_SCHEME = "apiKey";

    /** Name of the JWT bearer scheme in the document. */
    public static final String BEARER_SCHEME = "bearerJwt";

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String JSON_NODE = SCHEMAS + "JsonNode";
    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI brookOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Brook gateway API")
                        .version("v1")
                        .description("Produce to and read from Brook (or any Kafka-protocol cluster) over HTTP:"
                                + " JSON and NDJSON produce, stateless partition reads with long-poll, topic and"
                                + " group administration, and server-sent event streams resumable by cursor"
                                + " (Last-Event-ID). Errors are RFC 9457 problem details.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(new ArrayList<>(
                        List.of(new Server().url("http://localhost:8080").description("A local gateway"))))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")
                                        .description("An API key from brook.gateway.security.api-keys"))
                        .addSecuritySchemes(
                                BEARER_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A JWT whose claims grant per-topic permissions")))
                // Either scheme will do: two requirements are alternatives.
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }

    @Bean
    OpenApiCustomizer brookOpenApiCustomizer() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            operations(openApi).forEach(operation -> {
                forEachSchema(operation, OpenApiConfiguration::anyJsonForJsonNode);
                if (operation.getResponses() != null) {
                    restoreSuccess(operation.getResponses());
                    operation.getResponses().forEach(OpenApiConfiguration::problemForErrors);
                }
            });
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            schemas.replaceAll((name, schema) -> anyJsonForJsonNode(schema));
            schemas.keySet().retainAll(referencedSchemas(openApi));
        };
    }

    private static List<Operation> operations(OpenAPI openApi) {
        return openApi.getPaths() == null
                ? List.of()
                : openApi.getPaths().values().stream()
                        .flatMap(path -> path.readOperations().stream())
                        .toList();
    }

    /** Applies {@code action} to the top-level schemas of an operation's parameters, body and responses. */
    private static void forEachSchema(Operation operation, UnaryOperator<Schema> action) {
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getSchema() != null) {
                    parameter.setSchema(action.apply(parameter.getSchema()));
                }
            }
        }
        Consumer<Content> inContent = content -> {
            if (content != null) {
                content.values().stream()
                        .filter(media -> media.getSchema() != null)
                        .forEach(media -> media.setSchema(action.apply(media.getSchema())));
            }
        };
        if (operation.getRequestBody() != null) {
            inContent.accept(operation.getRequestBody().getContent());
        }
        if (operation.getResponses() != null) {
            operation.getResponses().values().forEach(response -> inContent.accept(response.getContent()));
        }
    }

    /** A Jackson 3 node is any JSON value: the empty schema, keeping the field's description. */
    @SuppressWarnings("unchecked")
    private static Schema anyJsonForJsonNode(Schema schema) {
        if (schema == null) {
            return null;
        }
        if (JSON_NODE.equals(schema.get$ref())) {
            return new JsonSchema().description(schema.getDescription());
        }
        if (schema.getProperties() != null) {
            schema.getProperties().replaceAll((name, property) -> anyJsonForJsonNode((Schema) property));
        }
        schema.setItems(anyJsonForJsonNode(schema.getItems()));
        if (schema.getAdditionalProperties() instanceof Schema additional) {
            schema.setAdditionalProperties(anyJsonForJsonNode(additional));
        }
        for (List<Schema> composed : composedLists(schema)) {
            composed.replaceAll(OpenApiConfiguration::anyJsonForJsonNode);
        }
        return schema;
    }

    /**
     * With only error codes in its {@code @ApiResponse}s, springdoc leaves an operation without its
     * 200 and gives the errors the success type; this puts that type back under 200.
     */
    private static void restoreSuccess(ApiResponses responses) {
        if (responses.keySet().stream().anyMatch(status -> status.startsWith("2"))) {
            return;
        }
        responses.values().stream()
                .map(ApiResponse::getContent)
                .filter(content -> content != null && !content.isEmpty())
                .findFirst()
                .ifPresent(content -> responses.addApiResponse(
                        "200", new ApiResponse().description("OK").content(copy(content))));
    }

    private static Content copy(Content content) {
        Content copy = new Content();
        copy.putAll(content);
        return copy;
    }

    private static void problemForErrors(String status, ApiResponse response) {
        if (status.startsWith("4") || status.startsWith("5")) {
            response.setContent(new Content()
                    .addMediaType(PROBLEM_JSON, new MediaType().schema(new JsonSchema().$ref(SCHEMAS + PROBLEM))));
        }
    }

    private static Schema<?> problemSchema() {
        return typed("object")
                .description("An RFC 9457 problem; type is a stable URI per kind of error")
                .addProperty("type", typed("string").format("uri"))
                .addProperty("title", typed("string"))
                .addProperty("status", typed("integer").format("int32"))
                .addProperty("detail", typed("string"))
                .addProperty("instance", typed("string").format("uri"));
    }

    private static Schema<?> typed(String type) {
        // An OpenAPI 3.1 schema keeps its types in a set springdoc may add to.
        return new JsonSchema().types(new LinkedHashSet<>(List.of(type)));
    }

    /** Names of the component schemas the paths use, directly or through other schemas. */
    private static Set<String> referencedSchemas(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> seen = new HashSet<>();
        Deque<Schema> pending = new ArrayDeque<>();
        for (Operation operation : operations(openApi)) {
            forEachSchema(operation, schema -> {
                pending.add(schema);
                return schema;
            });
        }
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            String ref = schema.get$ref();
            if (ref != null && ref.startsWith(SCHEMAS)) {
                String name = ref.substring(SCHEMAS.length());
                if (seen.add(name) && schemas.get(name) != null) {
                    pending.add(schemas.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(property -> pending.add((Schema) property));
            }
            if (schema.getItems() != null) {
                pending.add(schema.getItems());
            }
            if (schema.getAdditionalProperties() instanceof Schema additional) {
                pending.add(additional);
            }
            composedLists(schema).forEach(pending::addAll);
        }
        return seen;
    }

    private static List<List<Schema>> composedLists(Schema<?> schema) {
        List<List<Schema>> lists = new ArrayList<>(3);
        for (List<Schema> list : Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (list != null) {
                lists.add(list);
            }
        }
        return lists;
    }
}
