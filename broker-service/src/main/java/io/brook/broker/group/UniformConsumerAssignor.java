package io.brook.broker.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The {@code uniform} assignor, the default of the consumer group protocol: spreads partitions so that the members'
 * partition counts are as even as their subscriptions allow, and keeps each member's current partitions where it
 * can, so a rebalance moves as few partitions as possible.
 *
 * <p>Three passes over the members in member-id order and the topics in name order: (1) every member keeps the
 * current partitions it still subscribes to and that still exist (a partition claimed twice goes to the first);
 * (2) each unassigned partition goes to the subscriber holding the fewest partitions; (3) while some member holds
 * at least two more partitions than another member subscribed to one of its topics, one such partition moves over.
 * Each move lowers the sum of squared counts, so pass 3 ends; when all members subscribe to the same topics the
 * counts end within one of each other. Racks are not taken into account. Stateless.
 */
public final class UniformConsumerAssignor implements ConsumerGroupAssignor {

    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(List<Member> members, Map<Uuid, ConsumerTopic> topics) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::memberId));
        List<ConsumerTopic> topicOrder = new ArrayList<>(topics.values());
        topicOrder.sort(Comparator.comparing(ConsumerTopic::name).thenComparing(ConsumerTopic::id));
        State state = new State(sorted);
        keepCurrent(state, sorted, topics);
        assignRemaining(state, sorted, topicOrder);
        balance(state, sorted, topicOrder);
        Map<String, Map<Uuid, Set<Integer>>> result = new LinkedHashMap<>();
        sorted.forEach(m -> result.put(m.memberId(), ConsumerAssignments.copyOf(state.assigned.get(m.memberId()))));
        return result;
    }

    /** Who holds what while the passes run. */
    private static final class State {
        final Map<String, Map<Uuid, TreeSet<Integer>>> assigned = new HashMap<>();
        final Map<Uuid, Map<Integer, String>> owners = new HashMap<>();
        final Map<String, Integer> counts = new HashMap<>();

        State(List<Member> members) {
            members.forEach(m -> {
                assigned.put(m.memberId(), new TreeMap<>());
                counts.put(m.memberId(), 0);
            });
        }

        boolean isOwned(Uuid topic, int partition) {
            return owners.getOrDefault(topic, Map.of()).containsKey(partition);
        }

        void give(String memberId, Uuid topic, int partition) {
            assigned.get(memberId).computeIfAbsent(topic, t -> new TreeSet<>()).add(partition);
            owners.computeIfAbsent(topic, t -> new HashMap<>()).put(partition, memberId);
            counts.merge(memberId, 1, Integer::sum);
        }

        void take(String memberId, Uuid topic, int partition) {
            TreeSet<Integer> partitions = assigned.get(memberId).get(topic);
            partitions.remove(partition);
            if (partitions.isEmpty()) {
                assigned.get(memberId).remove(topic);
            }
            owners.get(topic).remove(partition);
            counts.merge(memberId, -1, Integer::sum);
        }

        int count(String memberId) {
            return counts.get(memberId);
        }
    }

    private static void keepCurrent(State state, List<Member> members, Map<Uuid, ConsumerTopic> topics) {
        for (Member m : members) {
            m.currentAssignment().forEach((topicId, partitions) -> {
                ConsumerTopic topic = topics.get(topicId);
                if (topic == null || !m.subscribedTopicIds().contains(topicId)) {
                    return;
                }
                for (int p : partitions) {
                    if (p < topic.partitions() && !state.isOwned(topicId, p)) {
                        state.give(m.memberId(), topicId, p);
                    }
                }
            });
        }
    }

    private static void assignRemaining(State state, List<Member> members, List<ConsumerTopic> topics) {
        for (ConsumerTopic topic : topics) {
            List<Member> subscribers = subscribers(members, topic.id());
            if (subscribers.isEmpty()) {
                continue;
            }
            for (int p = 0; p < topic.partitions(); p++) {
                if (!state.isOwned(topic.id(), p)) {
                    Member least = subscribers.get(0);
                    for (Member s : subscribers) {
                        if (state.count(s.memberId()) < state.count(least.memberId())) {
                            least = s;
                        }
                    }
                    state.give(least.memberId(), topic.id(), p);
                }
            }
        }
    }

    private static void balance(State state, List<Member> members, List<ConsumerTopic> topics) {
        boolean moved = true;
        while (moved) {
            moved = false;
            List<Member> byCount = new ArrayList<>(members);
            byCount.sort(Comparator.comparingInt((Member m) -> state.count(m.memberId()))
                    .thenComparing(Member::memberId));
            for (Member receiver : byCount) {
                if (moveOneTo(state, receiver, members, topics)) {
                    moved = true;
                    break;
                }
            }
        }
    }

    /** Moves one partition to {@code receiver} from the fullest member that has one it may take. */
    private static boolean moveOneTo(State state, Member receiver, List<Member> members, List<ConsumerTopic> topics) {
        int receiverCount = state.count(receiver.memberId());
        Member giver = null;
        Uuid givenTopic = null;
        for (Member candidate : members) {
            int count = state.count(candidate.memberId());
            if (count < receiverCount + 2 || (giver != null && count <= state.count(giver.memberId()))) {
                continue;
            }
            Map<Uuid, TreeSet<Integer>> held = state.assigned.get(candidate.memberId());
            for (int i = topics.size() - 1; i >= 0; i--) {
                Uuid topic = topics.get(i).id();
                if (held.containsKey(topic) && receiver.subscribedTopicIds().contains(topic)) {
                    giver = candidate;
                    givenTopic = topic;
                    break;
                }
            }
        }
        if (giver == null) {
            return false;
        }
        int partition = state.assigned.get(giver.memberId()).get(givenTopic).last();
        state.take(giver.memberId(), givenTopic, partition);
        state.give(receiver.memberId(), givenTopic, partition);
        return true;
    }

    private static List<Member> subscribers(List<Member> members, Uuid topic) {
        return members.stream()
                .filter(m -> m.subscribedTopicIds().contains(topic))
                .toList();
    }
}
