package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.PartitionLog;
import io.brook.storage.TimestampOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: the earliest offset, the latest (high watermark), the record with the largest timestamp, or the
 * first offset whose timestamp is at or after a given time, per partition. Without transactions the last stable
 * offset equals the high watermark, so both isolation levels read the same. Runs on a request thread (a timestamp
 * lookup reads the time index and segment files).
 */
public final class ListOffsetsHandler implements RequestHandler<ListOffsetsRequestData> {

    private static final long UNKNOWN = -1;

    private final MetadataStore metadata;
    private final PartitionManager partitions;

    public ListOffsetsHandler(MetadataStore metadata, PartitionManager partitions) {
        this.metadata = metadata;
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public CompletionStage<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        var image = metadata.image();
        var response = new ListOffsetsResponseData();
        for (var topic : request.topics()) {
            var topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            Optional<TopicImage> known = image.topic(topic.name());
            for (ListOffsetsPartition p : topic.partitions()) {
                topicResponse.partitions().add(partition(known, topic.name(), p, context.apiVersion()));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private ListOffsetsPartitionResponse partition(
            Optional<TopicImage> topic, String name, ListOffsetsPartition p, short version) {
        var response = new ListOffsetsPartitionResponse()
                .setPartitionIndex(p.partitionIndex())
                .setTimestamp(UNKNOWN)
                .setOffset(UNKNOWN);
        Optional<Partition> partition =
                topic.flatMap(t -> partitions.partition(new TopicPartition(name, p.partitionIndex())));
        if (partition.isEmpty()) {
            boolean exists = topic.map(t -> p.partitionIndex() >= 0 && p.partitionIndex() < t.partitionCount())
                    .orElse(false);
            return response.setErrorCode(
                    (exists ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        int leaderEpoch = partition.get().leaderEpoch();
        if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() != leaderEpoch) {
            Errors error =
                    p.currentLeaderEpoch() > leaderEpoch ? Errors.UNKNOWN_LEADER_EPOCH : Errors.FENCED_LEADER_EPOCH;
            return response.setErrorCode(error.code());
        }
        try {
            Optional<TimestampOffset> found = lookup(partition.get().log(), p.timestamp());
            found.ifPresent(f -> response.setTimestamp(f.timestamp()).setOffset(f.offset()));
            if (found.isPresent() && version >= 4) {
                // The leader epoch field exists from version 4 on.
                response.setLeaderEpoch(leaderEpoch);
            }
            return response.setErrorCode(Errors.NONE.code());
        } catch (RuntimeException e) {
            return response.setErrorCode(ErrorMapping.toErrors(e).code());
        }
    }

    private static Optional<TimestampOffset> lookup(PartitionLog log, long timestamp) {
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return Optional.of(new TimestampOffset(UNKNOWN, log.logStartOffset()));
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampOffset(UNKNOWN, log.highWatermark()));
        }
        // Records at or above the high watermark are not committed yet: consumers must not be sent there.
        long highWatermark = log.highWatermark();
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return log.maxTimestampOffset().filter(found -> found.offset() < highWatermark);
        }
        if (timestamp < 0) {
            // Tiered-storage lookups (latest tiered, earliest pending upload): nothing is tiered.
            return Optional.empty();
        }
        return log.offsetForTimestamp(timestamp).filter(found -> found.offset() < highWatermark);
    }
}
