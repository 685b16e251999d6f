package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.OffsetCommitInput;
import io.brook.broker.group.OffsetCommitInput.PartitionCommit;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetCommit (v2+): resolves each topic (by name, or by id from v10), then commits the known ones through the
 * group's coordinator shard, which answers only once the commit is appended to {@code __consumer_offsets} (and
 * flushed if its policy demands). Unknown topics get UNKNOWN_TOPIC_OR_PARTITION (UNKNOWN_TOPIC_ID by id). A
 * generation of -1 with no member id is a standalone consumer's commit. Never blocks.
 */
public final class OffsetCommitHandler implements RequestHandler<OffsetCommitRequestData> {

    private final MetadataStore metadata;
    private final GroupCoordinator coordinator;

    public OffsetCommitHandler(MetadataStore metadata, GroupCoordinator coordinator) {
        this.metadata = metadata;
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public CompletionStage<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        boolean byId = context.apiVersion() >= 10;
        MetadataImage image = metadata.image();
        List<Resolved> topics = new ArrayList<>();
        List<PartitionCommit> commits = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            Optional<TopicImage> known = byId ? image.topic(topic.topicId()) : image.topic(topic.name());
            topics.add(new Resolved(topic, known));
            known.ifPresent(t -> topic.partitions()
                    .forEach(p -> commits.add(new PartitionCommit(
                            new TopicPartition(t.name(), p.partitionIndex()),
                            p.committedOffset(),
                            p.committedLeaderEpoch(),
                            p.committedMetadata()))));
        }
        var input = new OffsetCommitInput(
                request.groupId(),
                request.generationIdOrMemberEpoch(),
                request.memberId(),
                request.groupInstanceId(),
                request.retentionTimeMs(),
                commits,
                context.apiVersion());
        CompletableFuture<Map<TopicPartition, Errors>> committed = commits.isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : coordinator.route(request.groupId(), shard -> shard.commitOffsets(input), e -> all(commits, e));
        return committed.thenApply(errors -> response(topics, errors, byId));
    }

    /** A request topic and what the metadata knows of it. */
    private record Resolved(OffsetCommitRequestTopic topic, Optional<TopicImage> known) {}

    private static Map<TopicPartition, Errors> all(List<PartitionCommit> commits, Errors error) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        commits.forEach(c -> errors.put(c.partition(), error));
        return errors;
    }

    private static OffsetCommitResponseData response(
            List<Resolved> topics, Map<TopicPartition, Errors> errors, boolean byId) {
        var response = new OffsetCommitResponseData();
        for (Resolved resolved : topics) {
            OffsetCommitRequestTopic topic = resolved.topic();
            Optional<TopicImage> known = resolved.known();
            var topicResponse = byId
                    ? new OffsetCommitResponseTopic().setTopicId(topic.topicId())
                    : new OffsetCommitResponseTopic().setName(topic.name());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                Errors error = known.map(t -> errors.getOrDefault(
                                new TopicPartition(t.name(), p.partitionIndex()), Errors.UNKNOWN_SERVER_ERROR))
                        .orElse(byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
                topicResponse
                        .partitions()
                        .add(new OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }
}
