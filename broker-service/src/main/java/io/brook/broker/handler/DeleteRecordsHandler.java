package io.brook.broker.handler;

import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.PartitionLog;
import io.brook.storage.errors.OffsetOutOfRangeException;
import io.brook.storage.errors.StorageException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves DeleteRecords (v0+): moves each partition's log start offset up to the requested offset, so the records
 * before it are no longer readable and their segments can be deleted. The result's low watermark is the partition's
 * log start offset afterwards.
 *
 * <p>Per partition, as on a Kafka leader: offset -1 means the high watermark; an offset below 0 or above the high
 * watermark is OFFSET_OUT_OF_RANGE; an offset at or below the log start offset changes nothing and succeeds; a
 * topic whose {@code cleanup.policy} lacks {@code delete} is POLICY_VIOLATION; a partition this broker does not
 * host is UNKNOWN_TOPIC_OR_PARTITION; other storage errors are KAFKA_STORAGE_ERROR. With one replica the low
 * watermark is reached at once, so {@code timeoutMs} is not needed.
 *
 * <p>Threading: runs synchronously on the request thread (request threads may do disk I/O) and returns a completed
 * stage; each log serialises its own changes. Stateless, so thread-safe.
 */
public final class DeleteRecordsHandler implements RequestHandler<DeleteRecordsRequestData> {

    /** The offset that asks for deletion up to the high watermark. */
    private static final long HIGH_WATERMARK = -1L;

    private static final long INVALID_LOW_WATERMARK = -1L;
    private static final Logger log = LoggerFactory.getLogger(DeleteRecordsHandler.class);

    private final PartitionManager partitionManager;

    public DeleteRecordsHandler(PartitionManager partitionManager) {
        this.partitionManager = partitionManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public CompletionStage<DeleteRecordsResponseData> handle(RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsPartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                topicResult.partitions().add(deleteRecords(tp, partition.offset()));
            }
            response.topics().add(topicResult);
        }
        return CompletableFuture.completedFuture(response);
    }

    private DeleteRecordsPartitionResult deleteRecords(TopicPartition tp, long offset) {
        Optional<Partition> partition = partitionManager.partition(tp);
        if (partition.isEmpty()) {
            return result(tp, INVALID_LOW_WATERMARK, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return deleteRecords(tp, partition.get().log(), offset);
        } catch (OffsetOutOfRangeException e) {
            return result(tp, INVALID_LOW_WATERMARK, Errors.OFFSET_OUT_OF_RANGE);
        } catch (StorageException e) {
            log.warn("Cannot delete records of {} before offset {}", tp, offset, e);
            return result(tp, INVALID_LOW_WATERMARK, Errors.KAFKA_STORAGE_ERROR);
        } catch (RuntimeException e) {
            Errors error = Errors.forException(e);
            if (error == Errors.UNKNOWN_SERVER_ERROR) {
                log.error("Unexpected error deleting records of {} before offset {}", tp, offset, e);
            }
            return result(tp, INVALID_LOW_WATERMARK, error);
        }
    }

    private static DeleteRecordsPartitionResult deleteRecords(
            TopicPartition tp, PartitionLog partitionLog, long offset) {
        if (!partitionLog.config().delete()) {
            return result(tp, INVALID_LOW_WATERMARK, Errors.POLICY_VIOLATION);
        }
        long highWatermark = partitionLog.highWatermark();
        long target = offset == HIGH_WATERMARK ? highWatermark : offset;
        if (target < 0 || target > highWatermark) {
            return result(tp, INVALID_LOW_WATERMARK, Errors.OFFSET_OUT_OF_RANGE);
        }
        long logStartOffset = partitionLog.logStartOffset();
        if (target <= logStartOffset) {
            return result(tp, logStartOffset, Errors.NONE);
        }
        return result(tp, partitionLog.deleteRecordsBefore(target), Errors.NONE);
    }

    private static DeleteRecordsPartitionResult result(TopicPartition tp, long lowWatermark, Errors error) {
        return new DeleteRecordsPartitionResult()
                .setPartitionIndex(tp.partition())
                .setLowWatermark(lowWatermark)
                .setErrorCode(error.code());
    }
}
