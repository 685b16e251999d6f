package io.brook.controller.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The frame of the OpenAPI document served at {@code /v3/api-docs}: title and version, and every 4xx/5xx response
 * described as an RFC 9457 problem (springdoc would repeat the success type there).
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI controllerOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Brook controller API")
                        .version("v1")
                        .description("Cluster metadata and administration of a Brook cluster: topics, partitions,"
                                + " configs, preferred-leader election, placement and the controller quorum (/v1);"
                                + " broker registration, heartbeats and the metadata log brokers follow"
                                + " (/internal/v1). Errors are RFC 9457 problem details; those caused by a Kafka"
                                + " error carry its name in kafkaError.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components());
    }

    @Bean
    OpenApiCustomizer controllerProblemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .filter(operation -> operation.getResponses() != null)
                    .forEach(operation -> operation.getResponses().forEach((status, response) -> {
                        if (status.startsWith("4") || status.startsWith("5")) {
                            response.setContent(new Content()
                                    .addMediaType(
                                            PROBLEM_JSON,
                                            new MediaType()
                                                    .schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM))));
                        }
                    }));
        };
    }

    private static Schema<?> problemSchema() {
        return typed("object")
                .description("An RFC 9457 problem; type is a stable URI per kind of error")
                .addProperty("type", typed("string").format("uri"))
                .addProperty("title", typed("string"))
                .addProperty("status", typed("integer").format("int32"))
                .addProperty("detail", typed("string"))
                .addProperty("instance", typed("string").format("uri"))
                .addProperty("kafkaError", typed("string").description("The Kafka error name, when one caused it"))
                .addProperty(
                        "leaderUrl",
                        typed("string").description("With 421: base URL of the active controller, when known"));
    }

    private static Schema<?> typed(String type) {
        return new JsonSchema().types(new LinkedHashSet<>(List.of(type)));
    }
}
