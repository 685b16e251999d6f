package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.OffsetCommit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The committed offsets of one shard's groups, whatever their group type. Changes only by {@link #replay} of
 * offset-commit records (at load and after each append), and tells its {@link Listener} of every change.
 *
 * <p>Confined to the shard's thread.
 */
final class OffsetStore {

    private final Map<String, Map<TopicPartition, CommittedOffset>> offsets = new HashMap<>();
    private final OffsetListener listener;

    OffsetStore(OffsetListener listener) {
        this.listener = listener;
    }

    void replay(OffsetCommit record) {
        if (record.isTombstone()) {
            Map<TopicPartition, CommittedOffset> group = offsets.get(record.groupId());
            if (group != null && group.remove(record.partition()) != null) {
                listener.removed(record.groupId(), record.partition());
                if (group.isEmpty()) {
                    offsets.remove(record.groupId());
                }
            }
        } else {
            offsets.computeIfAbsent(record.groupId(), g -> new HashMap<>()).put(record.partition(), record.value());
            listener.committed(
                    record.groupId(), record.partition(), record.value().offset());
        }
    }

    Optional<CommittedOffset> offset(String groupId, TopicPartition tp) {
        return Optional.ofNullable(offsets.getOrDefault(groupId, Map.of()).get(tp));
    }

    /** The group's offsets, sorted by topic and partition. */
    Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        Map<TopicPartition, CommittedOffset> sorted =
                new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                        ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()));
        sorted.putAll(offsets.getOrDefault(groupId, Map.of()));
        return sorted;
    }

    boolean hasOffsets(String groupId) {
        return offsets.containsKey(groupId);
    }

    Set<String> groupIds() {
        return Set.copyOf(offsets.keySet());
    }

    /** Forgets everything, telling the listener of each entry (the shard moved away). */
    void clear() {
        offsets.forEach((group, partitions) -> partitions.keySet().forEach(tp -> listener.removed(group, tp)));
        offsets.clear();
    }
}
