package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.group.OffsetsTopicCreator;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FindCoordinatorHandlerTest {

    @TempDir
    Path dir;

    private GroupFixture fixture;
    private FindCoordinatorHandler handler;

    @BeforeEach
    void setUp() {
        fixture = new GroupFixture(dir);
        handler = new FindCoordinatorHandler(
                fixture.metadata, fixture.coordinator, new OffsetsTopicCreator(fixture.metadata, 1, (short) 1));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static IntStream singleKeyVersions() {
        return HandlerTestSupport.versions(ApiKeys.FIND_COORDINATOR).filter(v -> v < 4);
    }

    static IntStream batchVersions() {
        return HandlerTestSupport.versions(ApiKeys.FIND_COORDINATOR).filter(v -> v >= 4);
    }

    @ParameterizedTest
    @MethodSource("singleKeyVersions")
    void groupKeyIsAnsweredWithTheOffsetsPartitionLeader(int version) {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData().setKey("my-group");

        FindCoordinatorResponseData response = call(handler, request, version);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.nodeId()).isEqualTo(1);
        assertThat(response.host()).isEqualTo("127.0.0.1");
        assertThat(response.port()).isEqualTo(9092);
    }

    @Test
    void transactionKeyFailsFastWithoutRetry() {
        FindCoordinatorRequestData request =
                new FindCoordinatorRequestData().setKey("my-txn").setKeyType(CoordinatorType.TRANSACTION.id());

        FindCoordinatorResponseData response = call(handler, request, 3);

        assertThat(response.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(response.errorMessage()).isEqualTo(FindCoordinatorHandler.TRANSACTIONS_UNSUPPORTED);
    }

    @ParameterizedTest
    @MethodSource("batchVersions")
    void everyBatchedKeyGetsItsOwnAnswer(int version) {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.GROUP.id())
                .setCoordinatorKeys(List.of("a", "b"));

        FindCoordinatorResponseData response = call(handler, request, version);

        assertThat(response.coordinators()).extracting(Coordinator::key).containsExactly("a", "b");
        assertThat(response.coordinators()).allSatisfy(c -> {
            assertThat(c.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(c.nodeId()).isEqualTo(1);
            assertThat(c.port()).isEqualTo(9092);
        });
    }

    @Test
    void shareKeysAreNotAvailable() {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.SHARE.id())
                .setCoordinatorKeys(List.of("g:topic:0"));

        FindCoordinatorResponseData response = call(handler, request, 6);
        Coordinator coordinator = response.coordinators().get(0);

        assertThat(coordinator.errorCode()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE.code());
        assertThat(coordinator.errorMessage()).isEqualTo(FindCoordinatorHandler.SHARE_UNAVAILABLE);
    }

    @Test
    void batchedTransactionKeysAreInvalidRequest() {
        FindCoordinatorRequestData request = new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.TRANSACTION.id())
                .setCoordinatorKeys(List.of("t1"));

        FindCoordinatorResponseData response = call(handler, request, 6);
        Coordinator coordinator = response.coordinators().get(0);

        assertThat(coordinator.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(coordinator.errorMessage()).isEqualTo(FindCoordinatorHandler.TRANSACTIONS_UNSUPPORTED);
    }

    @Test
    void unknownKeyTypeIsInvalidRequest() {
        FindCoordinatorRequestData request =
                new FindCoordinatorRequestData().setKeyType((byte) 9).setCoordinatorKeys(List.of("k"));

        FindCoordinatorResponseData response = call(handler, request, 4);
        Coordinator coordinator = response.coordinators().get(0);

        assertThat(coordinator.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(coordinator.errorMessage()).contains("9");
    }
}
