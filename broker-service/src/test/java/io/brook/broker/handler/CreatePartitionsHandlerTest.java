package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.metadata.LocalMetadataStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreatePartitionsHandlerTest {

    private static final int BROKER_ID = 1;

    @TempDir
    Path dataDir;

    private LocalMetadataStore store;
    private CreatePartitionsHandler handler;

    @BeforeEach
    void setUp() {
        store = new LocalMetadataStore(dataDir, BROKER_ID);
        store.createTopic("orders", 2, (short) 1, Map.of(), false).join();
        handler = new CreatePartitionsHandler(store, BROKER_ID);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.CREATE_PARTITIONS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void increasesPartitionCount(int version) {
        CreatePartitionsTopicResult result = createOne(topic("orders", 5), false, version);

        assertThat(result.name()).isEqualTo("orders");
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitionCount()).isEqualTo(5);
    }

    @Test
    void validateOnlyChangesNothing() {
        CreatePartitionsTopicResult result = createOne(topic("orders", 5), true, 3);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitionCount()).isEqualTo(2);
    }

    @Test
    void unknownTopicIsUnknownTopicOrPartition() {
        CreatePartitionsTopicResult result = createOne(topic("missing", 5), false, 3);

        assertThat(result.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void countThatIsNoIncreaseIsInvalidPartitions(int count) {
        CreatePartitionsTopicResult result = createOne(topic("orders", count), false, 3);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
        assertThat(result.errorMessage()).contains("2 partition(s)");
        assertThat(partitionCount()).isEqualTo(2);
    }

    @Test
    void assignmentsOnThisBrokerAreAccepted() {
        CreatePartitionsTopic topic = topic("orders", 4).setAssignments(List.of(on(BROKER_ID), on(BROKER_ID)));

        assertThat(createOne(topic, false, 3).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partitionCount()).isEqualTo(4);
    }

    @Test
    void assignmentsElsewhereAreInvalidRequest() {
        CreatePartitionsTopic topic = topic("orders", 3).setAssignments(List.of(on(2)));

        CreatePartitionsTopicResult result = createOne(topic, false, 3);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage()).contains("not supported");
        assertThat(partitionCount()).isEqualTo(2);
    }

    @Test
    void assignmentCountMismatchIsInvalidReplicaAssignment() {
        CreatePartitionsTopic topic = topic("orders", 4).setAssignments(List.of(on(BROKER_ID)));

        assertThat(createOne(topic, false, 3).errorCode()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT.code());
        assertThat(partitionCount()).isEqualTo(2);
    }

    @Test
    void duplicateTopicIsInvalidRequest() {
        CreatePartitionsRequestData request = new CreatePartitionsRequestData();
        request.topics().add(topic("orders", 3));
        request.topics().add(topic("orders", 4));

        CreatePartitionsResponseData response = call(handler, request, 3);

        assertThat(response.results()).hasSize(1);
        assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(partitionCount()).isEqualTo(2);
    }

    private int partitionCount() {
        return store.image().topic("orders").orElseThrow().partitionCount();
    }

    private CreatePartitionsTopicResult createOne(CreatePartitionsTopic topic, boolean validateOnly, int version) {
        CreatePartitionsRequestData request =
                new CreatePartitionsRequestData().setTimeoutMs(1000).setValidateOnly(validateOnly);
        request.topics().add(topic);
        CreatePartitionsResponseData response = call(handler, request, version);
        assertThat(response.results()).hasSize(1);
        return response.results().get(0);
    }

    private static CreatePartitionsTopic topic(String name, int count) {
        return new CreatePartitionsTopic().setName(name).setCount(count).setAssignments(null);
    }

    private static CreatePartitionsAssignment on(int brokerId) {
        return new CreatePartitionsAssignment().setBrokerIds(List.of(brokerId));
    }
}
