package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import io.brook.broker.metrics.BrokerMetrics;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.AppendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Produce: appends each partition's record batch to the partition's log as leader and answers with the assigned
 * base offset, or a per-partition error code.
 *
 * <p>Data flow: the batch bytes are still in the request frame's buffer; the log validates them and assigns offsets
 * in place, then writes that same buffer to the segment file. The answer waits only for what the topic's flush
 * policy demands (group-committed fsync under {@code flush.messages=1}). Runs on the connection's request thread,
 * so batches from one connection reach each log in arrival order.
 */
public final class ProduceHandler implements RequestHandler<ProduceRequestData> {

    private final MetadataStore metadata;
    private final PartitionManager partitions;
    private final BrokerMetrics metrics;

    public ProduceHandler(MetadataStore metadata, PartitionManager partitions, BrokerMetrics metrics) {
        this.metadata = metadata;
        this.partitions = partitions;
        this.metrics = metrics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public boolean expectsResponse(ProduceRequestData request) {
        return request.acks() != 0;
    }

    @Override
    public CompletionStage<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        MetadataImage image = metadata.image();
        var response = new ProduceResponseData();
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        for (TopicProduceData topicData : request.topicData()) {
            Optional<TopicImage> topic =
                    topicData.name() == null || topicData.name().isEmpty()
                            ? image.topic(topicData.topicId())
                            : image.topic(topicData.name());
            var topicResponse =
                    new TopicProduceResponse().setName(topicData.name()).setTopicId(topicData.topicId());
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                var partitionResponse = new PartitionProduceResponse().setIndex(partitionData.index());
                topicResponse.partitionResponses().add(partitionResponse);
                if (acks != 0 && acks != 1 && acks != -1) {
                    fail(partitionResponse, Errors.INVALID_REQUIRED_ACKS, "acks must be -1, 0 or 1, was " + acks);
                } else if (topic.isEmpty()) {
                    fail(partitionResponse, unknown(topicData), null);
                } else {
                    append(topic.get(), partitionData, acks, request.timeoutMs(), partitionResponse, durable);
                }
            }
            response.responses().add(topicResponse);
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenCompose(
                        ignored -> acks == 0 ? closeOnError(response) : CompletableFuture.completedFuture(response));
    }

    /**
     * With acks=0 the client reads no response, so a failed partition can only be signalled the way Kafka does it:
     * by failing the request, which closes the connection.
     */
    private static CompletableFuture<ProduceResponseData> closeOnError(ProduceResponseData response) {
        for (var topic : response.responses()) {
            for (var partition : topic.partitionResponses()) {
                if (partition.errorCode() != Errors.NONE.code()) {
                    return CompletableFuture.failedFuture(new InvalidRequestException(
                            "produce with acks=0 failed for " + topic.name() + "-" + partition.index() + ": "
                                    + Errors.forCode(partition.errorCode()).name()));
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private void append(
            TopicImage topic,
            PartitionProduceData data,
            short acks,
            int timeoutMs,
            PartitionProduceResponse response,
            List<CompletableFuture<Void>> durable) {
        Optional<Partition> partition = partitions.partition(new TopicPartition(topic.name(), data.index()));
        if (partition.isEmpty()) {
            fail(response, partitionError(topic, data.index()), null);
            return;
        }
        if (!(data.records() instanceof MemoryRecords records) || records.sizeInBytes() == 0) {
            fail(response, Errors.INVALID_RECORD, "produce request carries no record batch");
            return;
        }
        try {
            AppendResult result = partition.get().appendAsLeader(records, acks);
            response.setBaseOffset(result.firstOffset())
                    .setLogAppendTimeMs(result.logAppendTimeMs())
                    .setLogStartOffset(result.logStartOffset());
            if (!result.duplicate()) {
                var meters = metrics.topic(topic.name());
                meters.bytesIn().increment(result.sizeInBytes());
                meters.recordsIn().increment(result.recordCount());
            }
            durable.add(partition
                    .get()
                    .awaitAcknowledgeable(result, acks, timeoutMs)
                    .exceptionally(e -> {
                        fail(response, ErrorMapping.toErrors(e), ErrorMapping.message(e));
                        return null;
                    }));
        } catch (RuntimeException e) {
            fail(response, ErrorMapping.toErrors(e), ErrorMapping.message(e));
        }
    }

    /** A partition index beyond the topic's count is unknown; a known one not led here is not ours. */
    private static Errors partitionError(TopicImage topic, int index) {
        return index < 0 || index >= topic.partitionCount()
                ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                : Errors.NOT_LEADER_OR_FOLLOWER;
    }

    private static Errors unknown(TopicProduceData topicData) {
        return topicData.name() == null || topicData.name().isEmpty()
                ? Errors.UNKNOWN_TOPIC_ID
                : Errors.UNKNOWN_TOPIC_OR_PARTITION;
    }

    private static void fail(PartitionProduceResponse response, Errors error, String message) {
        response.setErrorCode(error.code())
                .setErrorMessage(message)
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1);
    }
}
