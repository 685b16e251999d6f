package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.metadata.LocalMetadataStore;
import io.brook.broker.metadata.TopicConfigKey;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreateTopicsHandlerTest {

    private static final int BROKER_ID = 1;
    private static final int DEFAULT_PARTITIONS = 3;

    @TempDir
    Path dataDir;

    private LocalMetadataStore store;
    private CreateTopicsHandler handler;

    @BeforeEach
    void setUp() {
        store = new LocalMetadataStore(dataDir, BROKER_ID);
        TopicConfigs topicConfigs = new TopicConfigs(Map.of(TopicConfigKey.SEGMENT_BYTES, "1048576"));
        handler = new CreateTopicsHandler(store, topicConfigs, BROKER_ID, DEFAULT_PARTITIONS);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.CREATE_TOPICS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void createsTopicWithBrokerDefaultsForMinusOne(int version) {
        CreatableTopicResult result = createOne(topic("orders", -1, (short) -1), version);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        TopicImage created = store.image().topic("orders").orElseThrow();
        assertThat(created.partitionCount()).isEqualTo(DEFAULT_PARTITIONS);
        assertThat(created.partitions().get(0).replicas()).containsExactly(BROKER_ID);
        if (version >= 5) {
            assertThat(result.numPartitions()).isEqualTo(DEFAULT_PARTITIONS);
            assertThat(result.replicationFactor()).isEqualTo((short) 1);
            assertThat(result.configs()).hasSize(TopicConfigKey.values().length);
        } else {
            assertThat(result.numPartitions()).isEqualTo(-1);
            assertThat(result.configs()).isEmpty();
        }
        assertThat(result.topicId()).isEqualTo(version >= 7 ? created.id() : Uuid.ZERO_UUID);
    }

    @Test
    void responseCarriesEffectiveConfigsWithTheirSource() {
        CreatableTopic topic = topic("orders", 2, (short) 1);
        topic.configs().add(new CreatableTopicConfig().setName("retention.ms").setValue("1000"));

        CreatableTopicResult result = createOne(topic, 7);

        Map<String, CreatableTopicConfigs> configs =
                result.configs().stream().collect(Collectors.toMap(CreatableTopicConfigs::name, c -> c));
        assertThat(configs.get("retention.ms").value()).isEqualTo("1000");
        assertThat(configs.get("retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(configs.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(configs.get("segment.bytes").configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(configs.get("cleanup.policy").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(configs.values()).allSatisfy(c -> {
            assertThat(c.readOnly()).isFalse();
            assertThat(c.isSensitive()).isFalse();
        });
        assertThat(store.image().topic("orders").orElseThrow().configs()).containsEntry("retention.ms", "1000");
    }

    @Test
    void validateOnlyCreatesNothing() {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setValidateOnly(true);
        request.topics().add(topic("orders", 4, (short) 1));

        CreateTopicsResponseData response = call(handler, request, 7);

        CreatableTopicResult result = response.topics().find("orders");
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(4);
        assertThat(store.image().topic("orders")).isEmpty();
    }

    @Test
    void duplicateNamesAreInvalidRequestAndOthersProceed() {
        CreateTopicsRequestData request = new CreateTopicsRequestData();
        request.topics().add(topic("orders", 1, (short) 1));
        request.topics().add(topic("orders", 2, (short) 1));
        request.topics().add(topic("payments", 1, (short) 1));

        CreateTopicsResponseData response = call(handler, request, 7);

        assertThat(response.topics()).hasSize(2);
        assertThat(response.topics().find("orders").errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(response.topics().find("orders").errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(response.topics().find("payments").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(store.image().topic("orders")).isEmpty();
        assertThat(store.image().topic("payments")).isPresent();
    }

    @Test
    void existingTopicIsTopicAlreadyExists() {
        createOne(topic("orders", 1, (short) 1), 7);

        CreatableTopicResult result = createOne(topic("orders", 1, (short) 1), 7);

        assertThat(result.errorCode()).isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
        assertThat(result.errorMessage()).contains("orders");
    }

    @ParameterizedTest
    @CsvSource({"retention.ms, soon", "no.such.config, 1", "cleanup.policy, shred"})
    void badConfigIsInvalidConfig(String name, String value) {
        CreatableTopic topic = topic("orders", 1, (short) 1);
        topic.configs().add(new CreatableTopicConfig().setName(name).setValue(value));

        CreatableTopicResult result = createOne(topic, 7);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
        assertThat(result.errorMessage()).contains(name);
        assertThat(store.image().topic("orders")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1, INVALID_PARTITIONS",
        "-2, 1, INVALID_PARTITIONS",
        "1, 0, INVALID_REPLICATION_FACTOR",
        "1, 3, INVALID_REPLICATION_FACTOR"
    })
    void badCountsAreRejected(int partitions, short replicationFactor, Errors expected) {
        CreatableTopicResult result = createOne(topic("orders", partitions, replicationFactor), 7);

        assertThat(result.errorCode()).isEqualTo(expected.code());
        assertThat(result.errorMessage()).isNotBlank();
        assertThat(store.image().topic("orders")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad/name", "", ".."})
    void invalidNameIsInvalidTopic(String name) {
        assertThat(createOne(topic(name, 1, (short) 1), 7).errorCode())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
    }

    @Test
    void nameCollidingOnDotAndUnderscoreIsInvalidTopic() {
        createOne(topic("orders.v1", 1, (short) 1), 7);

        CreatableTopicResult result = createOne(topic("orders_v1", 1, (short) 1), 7);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        assertThat(result.errorMessage()).contains("collides with existing topic: orders.v1");
    }

    @Test
    void manualAssignmentOnThisBrokerIsAccepted() {
        CreatableTopic topic = topic("orders", -1, (short) -1);
        topic.assignments().add(assignment(0, BROKER_ID));
        topic.assignments().add(assignment(1, BROKER_ID));

        CreatableTopicResult result = createOne(topic, 7);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.numPartitions()).isEqualTo(2);
        assertThat(store.image().topic("orders").orElseThrow().partitionCount()).isEqualTo(2);
    }

    @Test
    void manualAssignmentElsewhereIsInvalidRequest() {
        CreatableTopic topic = topic("orders", -1, (short) -1);
        topic.assignments().add(assignment(0, BROKER_ID, 2));

        CreatableTopicResult result = createOne(topic, 7);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage()).contains("not supported");
        assertThat(store.image().topic("orders")).isEmpty();
    }

    @Test
    void manualAssignmentWithCountsIsInvalidRequest() {
        CreatableTopic topic = topic("orders", 1, (short) -1);
        topic.assignments().add(assignment(0, BROKER_ID));

        assertThat(createOne(topic, 7).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
    }

    @Test
    void manualAssignmentWithGapIsInvalidReplicaAssignment() {
        CreatableTopic topic = topic("orders", -1, (short) -1);
        topic.assignments().add(assignment(0, BROKER_ID));
        topic.assignments().add(assignment(2, BROKER_ID));

        assertThat(createOne(topic, 7).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
    }

    private CreatableTopicResult createOne(CreatableTopic topic, int version) {
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(1000);
        request.topics().add(topic);
        CreateTopicsResponseData response = call(handler, request, version);
        assertThat(response.topics()).hasSize(1);
        return response.topics().iterator().next();
    }

    private static CreatableTopic topic(String name, int partitions, short replicationFactor) {
        return new CreatableTopic().setName(name).setNumPartitions(partitions).setReplicationFactor(replicationFactor);
    }

    private static CreatableReplicaAssignment assignment(int partition, Integer... brokers) {
        return new CreatableReplicaAssignment().setPartitionIndex(partition).setBrokerIds(List.of(brokers));
    }
}
