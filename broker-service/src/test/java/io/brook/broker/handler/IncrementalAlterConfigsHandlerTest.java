package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.metadata.LocalMetadataStore;
import io.brook.broker.metadata.TopicConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IncrementalAlterConfigsHandlerTest {

    private static final int BROKER_ID = 1;

    @TempDir
    Path dataDir;

    private LocalMetadataStore store;
    private IncrementalAlterConfigsHandler handler;

    @BeforeEach
    void setUp() {
        store = new LocalMetadataStore(dataDir, BROKER_ID);
        store.createTopic("orders", 1, (short) 1, Map.of("retention.ms", "1000"), false)
                .join();
        handler = new IncrementalAlterConfigsHandler(store, new TopicConfigs(Map.of()), BROKER_ID);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.INCREMENTAL_ALTER_CONFIGS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void setAndDeleteChangeOverrides(int version) {
        AlterConfigsResourceResponse result = alterTopic(
                "orders",
                version,
                false,
                op("segment.ms", OpType.SET, "60000"),
                op("retention.ms", OpType.DELETE, null));

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.resourceName()).isEqualTo("orders");
        assertThat(result.resourceType()).isEqualTo(ConfigResource.Type.TOPIC.id());
        assertThat(overrides()).isEqualTo(Map.of("segment.ms", "60000"));
    }

    @Test
    void appendAndSubtractWorkOnListsStartingFromTheDefault() {
        alterTopic("orders", 1, false, op("cleanup.policy", OpType.APPEND, "compact"));
        assertThat(overrides()).containsEntry("cleanup.policy", "delete,compact");

        alterTopic("orders", 1, false, op("cleanup.policy", OpType.SUBTRACT, "delete"));
        assertThat(overrides()).containsEntry("cleanup.policy", "compact");

        alterTopic("orders", 1, false, op("cleanup.policy", OpType.APPEND, "compact"));
        assertThat(overrides()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void appendToNonListIsInvalidConfig() {
        AlterConfigsResourceResponse result = alterTopic("orders", 1, false, op("retention.ms", OpType.APPEND, "5"));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result.errorMessage()).isEqualTo("Can't APPEND to key retention.ms because its type is not LIST.");
    }

    @Test
    void unknownKeyIsInvalidConfig() {
        AlterConfigsResourceResponse result = alterTopic("orders", 1, false, op("no.such.config", OpType.SET, "1"));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result.errorMessage()).contains("no.such.config");
    }

    @Test
    void invalidValueIsInvalidConfigAndNothingIsApplied() {
        AlterConfigsResourceResponse result = alterTopic(
                "orders", 1, false, op("segment.ms", OpType.SET, "60000"), op("retention.ms", OpType.SET, "-7"));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(overrides()).isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void validateOnlyChangesNothing() {
        AlterConfigsResourceResponse result = alterTopic("orders", 1, true, op("retention.ms", OpType.SET, "5"));

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(overrides()).isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void unknownTopicIsUnknownTopicOrPartition() {
        AlterConfigsResourceResponse result = alterTopic("missing", 1, false, op("retention.ms", OpType.SET, "5"));

        assertThat(result.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void duplicateKeyOrNullValueOrUnknownOperationIsInvalidRequest() {
        assertThat(alterTopic(
                                "orders",
                                1,
                                false,
                                op("retention.ms", OpType.SET, "5"),
                                op("retention.ms", OpType.DELETE, null))
                        .errorCode())
                .isEqualTo(Errors.INVALID_REQUEST.code());
        AlterConfigsResourceResponse nullValue = alterTopic("orders", 1, false, op("retention.ms", OpType.SET, null));
        assertThat(nullValue.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(nullValue.errorMessage()).isEqualTo("Null value not supported for : retention.ms");
        AlterableConfig unknownOp = new AlterableConfig()
                .setName("retention.ms")
                .setConfigOperation((byte) 9)
                .setValue("5");
        assertThat(alterTopic("orders", 1, false, unknownOp).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(overrides()).isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void duplicateResourceIsInvalidRequestForEachEntry() {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(topicResource("orders", op("retention.ms", OpType.SET, "5")));
        request.resources().add(topicResource("orders", op("retention.ms", OpType.SET, "6")));

        IncrementalAlterConfigsResponseData response = call(handler, request, 1);

        assertThat(response.responses())
                .extracting(AlterConfigsResourceResponse::errorCode)
                .containsExactly(Errors.INVALID_REQUEST.code(), Errors.INVALID_REQUEST.code());
        assertThat(overrides()).isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void brokerConfigsAreStaticAndOtherTypesUnsupported() {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
        request.resources().add(resource(ConfigResource.Type.BROKER, "1", op("log.retention.ms", OpType.SET, "5")));
        request.resources().add(resource(ConfigResource.Type.BROKER, "", op("num.partitions", OpType.SET, "5")));
        request.resources().add(resource(ConfigResource.Type.BROKER, "2", op("num.partitions", OpType.SET, "5")));
        request.resources().add(resource(ConfigResource.Type.GROUP, "g", op("x", OpType.SET, "5")));

        IncrementalAlterConfigsResponseData response = call(handler, request, 1);

        assertThat(response.responses())
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code()));
        assertThat(response.responses().get(0).errorMessage())
                .contains("log.retention.ms")
                .contains("Dynamic broker configs are not supported");
        assertThat(response.responses().get(2).errorMessage()).contains("Unexpected broker id");
    }

    private Map<String, String> overrides() {
        return store.image().topic("orders").orElseThrow().configs();
    }

    private AlterConfigsResourceResponse alterTopic(
            String topic, int version, boolean validateOnly, AlterableConfig... ops) {
        IncrementalAlterConfigsRequestData request =
                new IncrementalAlterConfigsRequestData().setValidateOnly(validateOnly);
        request.resources().add(topicResource(topic, ops));
        IncrementalAlterConfigsResponseData response = call(handler, request, version);
        assertThat(response.responses()).hasSize(1);
        return response.responses().get(0);
    }

    private static AlterConfigsResource topicResource(String topic, AlterableConfig... ops) {
        return resource(ConfigResource.Type.TOPIC, topic, ops);
    }

    private static AlterConfigsResource resource(ConfigResource.Type type, String name, AlterableConfig... ops) {
        AlterConfigsResource resource =
                new AlterConfigsResource().setResourceType(type.id()).setResourceName(name);
        List.of(ops).forEach(op -> resource.configs().add(op));
        return resource;
    }

    private static AlterableConfig op(String name, OpType type, String value) {
        return new AlterableConfig().setName(name).setConfigOperation(type.id()).setValue(value);
    }
}
