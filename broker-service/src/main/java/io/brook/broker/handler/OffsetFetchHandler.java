package io.brook.broker.handler;

import io.brook.broker.group.CommittedOffset;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetFetch (v1+): the committed offset, leader epoch and metadata of each requested partition (-1 where the
 * group committed none), or of every partition the group committed when the topics are null (v2+). v8+ ask for
 * several groups at once, each answered by its own shard; v10 name topics by id. Group-level failures (not the
 * coordinator, still loading) are the group's error code (top level before v8, also per partition in v1). From v9
 * a consumer-group member names itself and its epoch, checked as OffsetCommit checks them (UNKNOWN_MEMBER_ID,
 * STALE_MEMBER_EPOCH).
 * {@code require_stable} needs nothing: there are no transactional offsets. Never blocks.
 */
public final class OffsetFetchHandler implements RequestHandler<OffsetFetchRequestData> {

    private final MetadataStore metadata;
    private final GroupCoordinator coordinator;

    public OffsetFetchHandler(MetadataStore metadata, GroupCoordinator coordinator) {
        this.metadata = metadata;
        this.coordinator = coordinator;
    }

    /** One requested topic: its name (or null if its id is unknown), its id from v10, the partitions asked. */
    private record TopicQuery(String name, Uuid id, List<Integer> partitions) {}

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public CompletionStage<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        MetadataImage image = metadata.image();
        if (version >= 8) {
            List<CompletableFuture<OffsetFetchResponseGroup>> groups = new ArrayList<>();
            for (OffsetFetchRequestGroup group : request.groups()) {
                List<TopicQuery> queries = group.topics() == null
                        ? null
                        : group.topics().stream()
                                .map(t -> version >= 10
                                        ? new TopicQuery(
                                                image.topic(t.topicId())
                                                        .map(TopicImage::name)
                                                        .orElse(null),
                                                t.topicId(),
                                                t.partitionIndexes())
                                        : new TopicQuery(t.name(), null, t.partitionIndexes()))
                                .toList();
                groups.add(
                        fetch(group.groupId(), queries, version >= 10, image, group.memberId(), group.memberEpoch()));
            }
            return Stages.inOrder(groups).thenApply(list -> new OffsetFetchResponseData().setGroups(list));
        }
        List<TopicQuery> queries = request.topics() == null
                ? null
                : request.topics().stream()
                        .map(t -> new TopicQuery(t.name(), null, t.partitionIndexes()))
                        .toList();
        return fetch(request.groupId(), queries, false, image, null, -1).thenApply(group -> legacy(group, version));
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetch(
            String groupId,
            List<TopicQuery> queries,
            boolean byId,
            MetadataImage image,
            String memberId,
            int memberEpoch) {
        List<TopicPartition> asked = queries == null
                ? null
                : queries.stream()
                        .filter(q -> q.name() != null)
                        .flatMap(q -> q.partitions().stream().map(p -> new TopicPartition(q.name(), p)))
                        .toList();
        return coordinator
                .route(groupId, shard -> shard.fetchOffsets(groupId, asked, memberId, memberEpoch), e -> {
                    throw e.exception();
                })
                .thenApply(found ->
                        queries == null ? all(groupId, found, byId, image) : requested(groupId, queries, found, byId))
                .exceptionally(failure -> failed(groupId, queries, byId, ErrorMapping.toErrors(failure)));
    }

    /** A group-level error, repeated on each requested partition for the clients that read it there (v1). */
    private static OffsetFetchResponseGroup failed(String groupId, List<TopicQuery> queries, boolean byId, Errors e) {
        var group = new OffsetFetchResponseGroup().setGroupId(groupId).setErrorCode(e.code());
        if (queries != null) {
            for (TopicQuery q : queries) {
                var topic = byId
                        ? new OffsetFetchResponseTopics().setTopicId(q.id())
                        : new OffsetFetchResponseTopics().setName(q.name());
                q.partitions()
                        .forEach(p -> topic.partitions()
                                .add(partition(p, Optional.empty()).setErrorCode(e.code())));
                group.topics().add(topic);
            }
        }
        return group;
    }

    private static OffsetFetchResponseGroup requested(
            String groupId,
            List<TopicQuery> queries,
            Map<TopicPartition, Optional<CommittedOffset>> found,
            boolean byId) {
        var group = new OffsetFetchResponseGroup().setGroupId(groupId);
        for (TopicQuery q : queries) {
            var topic = byId
                    ? new OffsetFetchResponseTopics().setTopicId(q.id())
                    : new OffsetFetchResponseTopics().setName(q.name());
            for (int p : q.partitions()) {
                if (q.name() == null) {
                    topic.partitions().add(partition(p, Optional.empty()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                } else {
                    topic.partitions()
                            .add(partition(p, found.getOrDefault(new TopicPartition(q.name(), p), Optional.empty())));
                }
            }
            group.topics().add(topic);
        }
        return group;
    }

    private static OffsetFetchResponseGroup all(
            String groupId, Map<TopicPartition, Optional<CommittedOffset>> found, boolean byId, MetadataImage image) {
        Map<String, OffsetFetchResponseTopics> topics = new TreeMap<>();
        found.forEach((tp, offset) -> {
            Optional<Uuid> id = image.topic(tp.topic()).map(TopicImage::id);
            if (byId && id.isEmpty()) {
                return;
            }
            topics.computeIfAbsent(
                            tp.topic(),
                            name -> byId
                                    ? new OffsetFetchResponseTopics().setTopicId(id.get())
                                    : new OffsetFetchResponseTopics().setName(name))
                    .partitions()
                    .add(partition(tp.partition(), offset));
        });
        return new OffsetFetchResponseGroup().setGroupId(groupId).setTopics(new ArrayList<>(topics.values()));
    }

    private static OffsetFetchResponsePartitions partition(int index, Optional<CommittedOffset> offset) {
        return new OffsetFetchResponsePartitions()
                .setPartitionIndex(index)
                .setCommittedOffset(offset.map(CommittedOffset::offset).orElse(-1L))
                .setCommittedLeaderEpoch(
                        offset.map(CommittedOffset::leaderEpoch).orElse(-1))
                .setMetadata(offset.map(CommittedOffset::metadata).orElse(""))
                .setErrorCode(Errors.NONE.code());
    }

    /** The v1-7 shape: one group, its error at the top level (from v2; v1 reads it per partition). */
    private static OffsetFetchResponseData legacy(OffsetFetchResponseGroup group, short version) {
        var response = new OffsetFetchResponseData().setErrorCode(group.errorCode());
        for (OffsetFetchResponseTopics t : group.topics()) {
            var topic = new OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                short error = p.errorCode();
                topic.partitions()
                        .add(new OffsetFetchResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setCommittedOffset(p.committedOffset())
                                .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                                .setMetadata(p.metadata())
                                .setErrorCode(error));
            }
            response.topics().add(topic);
        }
        return response;
    }
}
