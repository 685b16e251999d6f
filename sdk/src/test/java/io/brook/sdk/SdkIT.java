package io.brook.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.brook.gateway.GatewayApplication;
import io.brook.sdk.api.RecordsApi;
import io.brook.sdk.api.TopicsApi;
import io.brook.sdk.client.ApiClient;
import io.brook.sdk.client.ApiException;
import io.brook.sdk.model.ConsumedRecord;
import io.brook.sdk.model.CreateTopicRequest;
import io.brook.sdk.model.PartitionRecords;
import io.brook.sdk.model.ProduceRecord;
import io.brook.sdk.model.ProduceRequest;
import io.brook.sdk.model.ProduceResponse;
import io.brook.sdk.model.RecordOffset;
import io.brook.sdk.model.TopicDetails;
import io.brook.sdk.model.TopicSummary;
import io.brook.testkit.EmbeddedBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The generated clients against a real gateway: an in-process broker and gateway, the Java client
 * from this JVM, then the TypeScript client's Node test ({@code typescript/test}) as a child
 * process. The Java client uses Jackson 2 and the gateway Jackson 3; their packages differ, so both
 * live on this classpath.
 */
class SdkIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedBroker broker;
    private static ConfigurableApplicationContext gateway;
    private static String baseUrl;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        broker = new EmbeddedBroker(dataDir).start();
        gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--brook.gateway.bootstrap-servers=" + broker.bootstrapServers(),
                        "--brook.gateway.security.enabled=false");
        baseUrl = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
        client = new ApiClient();
        client.updateBaseUri(baseUrl);
        client.setReadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void javaClientCreatesProducesReadsAndDescribes() throws ApiException {
        TopicsApi topics = new TopicsApi(client);
        RecordsApi records = new RecordsApi(client);
        String topic = "java-sdk-" + UUID.randomUUID().toString().substring(0, 8);

        TopicDetails created = topics.createTopic(
                new CreateTopicRequest().name(topic).partitions(2).replicationFactor(1));
        assertThat(created.getName()).isEqualTo(topic);
        assertThat(created.getPartitions()).hasSize(2);

        ProduceResponse produced = records.produce(
                topic,
                new ProduceRequest()
                        .records(List.of(
                                new ProduceRecord()
                                        .key("a")
                                        .value(Map.of("n", 1))
                                        .partition(1),
                                new ProduceRecord()
                                        .key("b")
                                        .value(Map.of("n", 2))
                                        .partition(1))),
                null,
                null,
                null,
                null);
        assertThat(produced.getOffsets()).extracting(RecordOffset::getError).containsOnlyNulls();
        assertThat(produced.getOffsets()).extracting(RecordOffset::getPartition).containsOnly(1);
        assertThat(produced.getOffsets()).extracting(RecordOffset::getOffset).containsExactly(0L, 1L);

        PartitionRecords page = records.readPartition(topic, 1, 0L, null, 5_000L, null, null);
        assertThat(page.getRecords()).extracting(ConsumedRecord::getKey).containsExactly("a", "b");
        assertThat(page.getRecords())
                .extracting(ConsumedRecord::getValue)
                .containsExactly(Map.of("n", 1), Map.of("n", 2));
        assertThat(page.getNextOffset()).isEqualTo(2L);

        assertThat(topics.listTopics(false)).extracting(TopicSummary::getName).contains(topic);
        assertThat(topics.describeTopic(topic).getPartitions()).hasSize(2);

        assertThatThrownBy(() -> topics.describeTopic("no-such-" + topic))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void typeScriptClientPassesItsNodeTest() throws Exception {
        assumeFalse(Boolean.getBoolean("sdk.node.skip"), "the build ran with -Dsdk.node.skip=true");
        Path project = Path.of(System.getProperty("sdk.typescript.dir", "typescript"));
        assertThat(project.resolve("dist/index.js"))
                .as("the TypeScript SDK is built (npm ci and tsc run in pre-integration-test)")
                .exists();

        ProcessBuilder node = new ProcessBuilder("node", "--test", "test/")
                .directory(project.toFile())
                .redirectErrorStream(true);
        node.environment().put("BROOK_GATEWAY_URL", baseUrl);
        Process process = node.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String text = output.get(10, TimeUnit.SECONDS);
        System.out.println("node --test test/ (" + project + "):\n" + text);
        assertThat(exited).as("node --test finished within 120s").isTrue();
        assertThat(process.exitValue())
                .as("node --test exit code; its output:\n%s", text)
                .isZero();
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
