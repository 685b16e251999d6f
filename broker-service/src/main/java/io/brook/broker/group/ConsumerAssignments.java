package io.brook.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

/**
 * Operations on assignments in the shape the consumer group protocol uses: topic id to partition numbers. Every
 * map returned is immutable, sorted by topic id and partition, and has no topic with an empty partition set, so two
 * assignments of the same partitions are {@code equals}. Stateless.
 */
final class ConsumerAssignments {

    private ConsumerAssignments() {}

    /** An immutable, normalized copy (empty topics dropped). */
    static Map<Uuid, Set<Integer>> copyOf(Map<Uuid, ? extends Collection<Integer>> assignment) {
        Map<Uuid, Set<Integer>> copy = new TreeMap<>();
        assignment.forEach((topic, partitions) -> {
            if (!partitions.isEmpty()) {
                copy.put(topic, Collections.unmodifiableSet(new TreeSet<>(partitions)));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    static int count(Map<Uuid, Set<Integer>> assignment) {
        return assignment.values().stream().mapToInt(Set::size).sum();
    }

    static boolean contains(Map<Uuid, Set<Integer>> assignment, Uuid topic, int partition) {
        Set<Integer> partitions = assignment.get(topic);
        return partitions != null && partitions.contains(partition);
    }

    /** Whether the two assignments share a partition. */
    static boolean overlaps(Map<Uuid, Set<Integer>> a, Map<Uuid, Set<Integer>> b) {
        for (var e : a.entrySet()) {
            Set<Integer> other = b.get(e.getKey());
            if (other != null && e.getValue().stream().anyMatch(other::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every partition of {@code subset} is in {@code of}. */
    static boolean isSubset(Map<Uuid, Set<Integer>> subset, Map<Uuid, Set<Integer>> of) {
        return subset.entrySet().stream()
                .allMatch(e -> of.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue()));
    }

    /** The partitions a heartbeat reports as owned; null when the request left them out (unchanged). */
    static Map<Uuid, Set<Integer>> fromRequest(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned) {
        if (owned == null) {
            return null;
        }
        Map<Uuid, Set<Integer>> result = new TreeMap<>();
        owned.forEach(
                tp -> result.computeIfAbsent(tp.topicId(), t -> new HashSet<>()).addAll(tp.partitions()));
        return copyOf(result);
    }

    static ConsumerGroupHeartbeatResponseData.Assignment toResponse(Map<Uuid, Set<Integer>> assignment) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        assignment.forEach((topic, partitions) -> topics.add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                .setTopicId(topic)
                .setPartitions(new ArrayList<>(partitions))));
        return new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics);
    }
}
