package io.brook.broker.group;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The {@code range} assignor: for each topic, its subscribers in a fixed order each get one contiguous range of
 * partitions, the first {@code partitions % subscribers} of them one more than the others. Subscribers are ordered
 * by instance id when they have one (so a restarting static member gets its range back), then by member id. Topics
 * with the same partition count and the same subscribers are therefore co-partitioned: a member gets the same
 * partition numbers of each, which joins of co-partitioned streams need. Not sticky beyond that. Stateless.
 */
public final class RangeConsumerAssignor implements ConsumerGroupAssignor {

    public static final String NAME = "range";

    private static final Comparator<Member> ORDER = Comparator.comparing((Member m) -> m.instanceId() == null ? 1 : 0)
            .thenComparing(m -> m.instanceId() == null ? "" : m.instanceId())
            .thenComparing(Member::memberId);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(List<Member> members, Map<Uuid, ConsumerTopic> topics) {
        Map<String, Map<Uuid, Set<Integer>>> assigned = new HashMap<>();
        members.forEach(m -> assigned.put(m.memberId(), new HashMap<>()));
        for (ConsumerTopic topic : topics.values()) {
            List<Member> subscribers = members.stream()
                    .filter(m -> m.subscribedTopicIds().contains(topic.id()))
                    .sorted(ORDER)
                    .toList();
            if (subscribers.isEmpty()) {
                continue;
            }
            int base = topic.partitions() / subscribers.size();
            int extra = topic.partitions() % subscribers.size();
            int start = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                int length = base + (i < extra ? 1 : 0);
                Set<Integer> range = new TreeSet<>();
                for (int p = start; p < start + length; p++) {
                    range.add(p);
                }
                start += length;
                assigned.get(subscribers.get(i).memberId()).put(topic.id(), range);
            }
        }
        Map<String, Map<Uuid, Set<Integer>>> result = new LinkedHashMap<>();
        members.forEach(m -> result.put(m.memberId(), ConsumerAssignments.copyOf(assigned.get(m.memberId()))));
        return result;
    }
}
