package io.brook.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the gateway serves is the one committed as {@code sdk/openapi.json}, from
 * which the SDKs are generated. When an API change is meant, rewrite the file with
 * {@value #UPDATE_COMMAND} and commit it with the change.
 */
class OpenApiSpecIT extends GatewayTestBase {

    static final String UPDATE_COMMAND =
            "./mvnw verify -pl gateway-service -Dit.test=OpenApiSpecIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false"
                    + " -Dbrook.openapi.update=true";

    /** Relative to the gateway module, where Maven runs its tests. */
    private static final Path COMMITTED = Path.of("..", "sdk", "openapi.json");

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    void servedDocumentIsTheCommittedOne() throws IOException {
        String served = canonical(JSON.readTree(fetch()));
        if (Boolean.getBoolean("brook.openapi.update")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
            return;
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!served.equals(committed)) {
            throw new AssertionFailedError(
                    COMMITTED.toAbsolutePath().normalize() + " differs from the document the gateway serves at"
                            + " /v3/api-docs. If the API change is meant, rewrite the file and commit it:\n  "
                            + UPDATE_COMMAND,
                    committed,
                    served);
        }
    }

    @Test
    void eventStreamDocumentsItsEvents() {
        JsonNode document = JSON.readTree(fetch());
        JsonNode events =
                document.path("paths").path("/v1/topics/{topic}/events").path("get");
        JsonNode stream = events.path("responses").path("200").path("content").path("text/event-stream");
        assertThat(stream.path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/ConsumedRecord");
        assertThat(document.path("components").path("schemas").has("ConsumedRecord"))
                .isTrue();
        assertThat(document.path("servers").get(0).path("url").asString()).isEqualTo("http://localhost:8080");
        assertThat(document.path("components").path("securitySchemes").propertyNames())
                .containsExactlyInAnyOrder("apiKey", "bearerJwt");
    }

    private byte[] fetch() {
        return web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
    }

    /** Sorted keys, two-space indent, {@code "name": value}, LF line ends and a final newline. */
    static String canonical(JsonNode document) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        return JSON.writer().with(printer).writeValueAsString(sorted(document)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>(object.propertyNames());
            Collections.sort(names);
            ObjectNode copy = JSON.createObjectNode();
            for (String name : names) {
                copy.set(name, sorted(object.get(name)));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
