package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import io.brook.broker.group.GroupRecord.OffsetCommit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/**
 * Committed-offset operations of one shard, independent of group types: commits (after the group, if any, has
 * accepted the committer), fetches, deletes and retention. Writes are offset-commit records (tombstones to delete);
 * the {@link OffsetStore} changes only when they are replayed. Confined to the shard's thread.
 */
final class OffsetOperations {

    private final GroupConfig config;
    private final OffsetStore offsets;

    OffsetOperations(GroupConfig config, OffsetStore offsets) {
        this.config = config;
        this.offsets = offsets;
    }

    /**
     * The records of a commit the group accepted; a partition whose metadata is too long is refused alone.
     *
     * @param retentionMs OffsetCommit v2-4's explicit retention, -1 for the broker's
     */
    Map<TopicPartition, Errors> commit(
            CoordinatorResult result,
            String groupId,
            long retentionMs,
            List<OffsetCommitInput.PartitionCommit> commits,
            long nowMs) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (OffsetCommitInput.PartitionCommit c : commits) {
            if (c.metadata() != null && c.metadata().length() > config.offsetMetadataMaxBytes()) {
                errors.put(c.partition(), Errors.OFFSET_METADATA_TOO_LARGE);
                continue;
            }
            long expire = retentionMs >= 0 ? nowMs + retentionMs : -1;
            result.record(new OffsetCommit(
                    groupId,
                    c.partition(),
                    new CommittedOffset(c.offset(), c.leaderEpoch(), c.metadata(), nowMs, expire)));
            errors.put(c.partition(), Errors.NONE);
        }
        return errors;
    }

    /** The committed offsets of the given partitions (empty where none), or of every partition when null. */
    Map<TopicPartition, Optional<CommittedOffset>> fetch(String groupId, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Optional<CommittedOffset>> found = new LinkedHashMap<>();
        if (partitions == null) {
            offsets.offsets(groupId).forEach((tp, offset) -> found.put(tp, Optional.of(offset)));
        } else {
            partitions.forEach(tp -> found.put(tp, offsets.offset(groupId, tp)));
        }
        return found;
    }

    /**
     * Tombstones for the listed partitions' offsets. A group with members keeps the offsets of topics it consumes
     * (GROUP_SUBSCRIBED_TO_TOPIC); partitions without an offset succeed with nothing to write.
     */
    Map<TopicPartition, Errors> delete(
            CoordinatorResult result, Group group, Set<String> protectedTopics, List<TopicPartition> partitions) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            if (!group.isEmpty() && protectedTopics.contains(tp.topic())) {
                errors.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                continue;
            }
            if (offsets.offset(group.groupId(), tp).isPresent()) {
                result.record(new OffsetCommit(group.groupId(), tp, null));
            }
            errors.put(tp, Errors.NONE);
        }
        return errors;
    }

    /** Tombstones for every offset of the group, as its deletion needs. */
    void deleteAll(CoordinatorResult result, String groupId) {
        offsets.offsets(groupId).keySet().forEach(tp -> result.record(new OffsetCommit(groupId, tp, null)));
    }

    /**
     * Retention: offsets of an empty group expire {@code offsets.retention} after the later of their commit and the
     * moment the group became empty (standalone commits: after their commit), or at their explicit expiry; an
     * empty group left without offsets is deleted. Groups with members keep their offsets.
     *
     * @return the ids of the groups whose deletion was recorded
     */
    List<String> expire(CoordinatorResult result, Map<String, Group> groups, long nowMs) {
        List<String> deleted = new ArrayList<>();
        Set<String> ids = new TreeSet<>(groups.keySet());
        ids.addAll(offsets.groupIds());
        for (String groupId : ids) {
            Group group = groups.get(groupId);
            if (group != null && !group.isEmpty()) {
                continue;
            }
            long emptySince = group == null ? Long.MIN_VALUE : group.stateTimestampMs();
            Map<TopicPartition, CommittedOffset> committed = offsets.offsets(groupId);
            int expired = 0;
            for (var e : committed.entrySet()) {
                CommittedOffset o = e.getValue();
                boolean due = o.expireTimestampMs() >= 0
                        ? nowMs >= o.expireTimestampMs()
                        : nowMs - Math.max(o.commitTimestampMs(), emptySince) >= config.offsetsRetentionMs();
                if (due) {
                    result.record(new OffsetCommit(groupId, e.getKey(), null));
                    expired++;
                }
            }
            if (group != null && expired == committed.size() && deletable(group)) {
                recordDeletion(result, group);
                deleted.add(groupId);
            }
        }
        return deleted;
    }

    /** Whether the group may be deleted: an empty classic group, or a consumer group without members. */
    static boolean deletable(Group group) {
        if (group instanceof ClassicGroup classic) {
            return classic.is(ClassicGroupState.EMPTY);
        }
        return group.isEmpty();
    }

    /**
     * The tombstones that delete a {@link #deletable} group (its offsets are deleted separately): the classic
     * group's metadata, or a consumer group's target-assignment epoch and then its group epoch.
     */
    static void recordDeletion(CoordinatorResult result, Group group) {
        if (group instanceof ConsumerGroup) {
            result.record(new ConsumerGroupRecord.TargetAssignmentEpoch(group.groupId(), null));
            result.record(new ConsumerGroupRecord.GroupEpoch(group.groupId(), null));
        } else {
            result.record(new ClassicGroupMetadata(group.groupId(), null));
        }
    }
}
