package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.LogConfig;
import io.brook.storage.PartitionLog;
import io.brook.storage.errors.LogDirectoryOfflineException;
import io.brook.storage.errors.OffsetOutOfRangeException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the protocol mapping of DeleteRecords. The partition log is a test double standing in for the storage
 * engine's {@link PartitionLog}, so these tests pin down what the handler asks of the log and how it reports each
 * outcome, not the log's own behaviour.
 */
class DeleteRecordsHandlerTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private final PartitionManager partitionManager = mock(PartitionManager.class);
    private final PartitionLog partitionLog = mock(PartitionLog.class);
    private final DeleteRecordsHandler handler = new DeleteRecordsHandler(partitionManager);

    @BeforeEach
    void setUp() {
        Partition partition = mock(Partition.class);
        when(partition.log()).thenReturn(partitionLog);
        when(partitionManager.partition(ORDERS_0)).thenReturn(Optional.of(partition));
        when(partitionManager.partition(new TopicPartition("orders", 9))).thenReturn(Optional.empty());
        when(partitionLog.config()).thenReturn(config(true));
        when(partitionLog.highWatermark()).thenReturn(100L);
        when(partitionLog.logStartOffset()).thenReturn(10L);
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.DELETE_RECORDS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void movesLogStartOffsetAndReportsLowWatermark(int version) {
        when(partitionLog.deleteRecordsBefore(50L)).thenReturn(50L);

        DeleteRecordsPartitionResult result = deleteOne(ORDERS_0, 50L, version);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.partitionIndex()).isZero();
        assertThat(result.lowWatermark()).isEqualTo(50L);
    }

    @Test
    void minusOneMeansHighWatermark() {
        when(partitionLog.deleteRecordsBefore(100L)).thenReturn(100L);

        DeleteRecordsPartitionResult result = deleteOne(ORDERS_0, -1L, 2);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.lowWatermark()).isEqualTo(100L);
    }

    @Test
    void offsetAtOrBelowLogStartOffsetChangesNothing() {
        DeleteRecordsPartitionResult result = deleteOne(ORDERS_0, 5L, 2);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.lowWatermark()).isEqualTo(10L);
        verify(partitionLog, never()).deleteRecordsBefore(anyLong());
    }

    @ParameterizedTest
    @ValueSource(longs = {101L, -2L})
    void offsetBeyondHighWatermarkOrNegativeIsOffsetOutOfRange(long offset) {
        DeleteRecordsPartitionResult result = deleteOne(ORDERS_0, offset, 2);

        assertThat(result.errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
        assertThat(result.lowWatermark()).isEqualTo(-1L);
        verify(partitionLog, never()).deleteRecordsBefore(anyLong());
    }

    @Test
    void offsetRejectedByTheLogIsOffsetOutOfRange() {
        when(partitionLog.deleteRecordsBefore(50L)).thenThrow(new OffsetOutOfRangeException("offset 50 out of range"));

        assertThat(deleteOne(ORDERS_0, 50L, 2).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
    }

    @Test
    void storageFailureIsKafkaStorageError() {
        when(partitionLog.deleteRecordsBefore(50L)).thenThrow(new LogDirectoryOfflineException("disk gone"));

        DeleteRecordsPartitionResult result = deleteOne(ORDERS_0, 50L, 2);

        assertThat(result.errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(result.lowWatermark()).isEqualTo(-1L);
    }

    @Test
    void compactedOnlyTopicIsPolicyViolation() {
        when(partitionLog.config()).thenReturn(config(false));

        assertThat(deleteOne(ORDERS_0, 50L, 2).errorCode()).isEqualTo(Errors.POLICY_VIOLATION.code());
        verify(partitionLog, never()).deleteRecordsBefore(anyLong());
    }

    @Test
    void unknownPartitionIsUnknownTopicOrPartition() {
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1000);
        request.topics().add(topic("orders", 9, 50L));
        request.topics().add(topic("missing", 0, 50L));
        when(partitionLog.deleteRecordsBefore(50L)).thenReturn(50L);

        DeleteRecordsResponseData response = call(handler, request, 2);

        assertThat(response.topics()).hasSize(2);
        assertThat(response.topics().find("orders").partitions().find(9).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(response.topics().find("missing").partitions().find(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    private DeleteRecordsPartitionResult deleteOne(TopicPartition tp, long offset, int version) {
        DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(1000);
        request.topics().add(topic(tp.topic(), tp.partition(), offset));
        DeleteRecordsResponseData response = call(handler, request, version);
        return response.topics().find(tp.topic()).partitions().find(tp.partition());
    }

    private static DeleteRecordsTopic topic(String name, int partition, long offset) {
        DeleteRecordsTopic topic = new DeleteRecordsTopic().setName(name);
        topic.partitions()
                .add(new DeleteRecordsPartition().setPartitionIndex(partition).setOffset(offset));
        return topic;
    }

    private static LogConfig config(boolean delete) {
        return TopicConfigs.fromNames(Map.of()).toLogConfig(Map.of("cleanup.policy", delete ? "delete" : "compact"));
    }
}
