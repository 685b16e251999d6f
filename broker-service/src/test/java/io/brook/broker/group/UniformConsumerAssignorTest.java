package io.brook.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UniformConsumerAssignorTest {

    private static final ConsumerTopic T1 = new ConsumerTopic(new Uuid(1, 1), "t1", 6);
    private static final ConsumerTopic T2 = new ConsumerTopic(new Uuid(2, 2), "t2", 3);

    private final UniformConsumerAssignor assignor = new UniformConsumerAssignor();

    static ConsumerGroupAssignor.Member member(String id, Set<Uuid> topics, Map<Uuid, Set<Integer>> current) {
        return new ConsumerGroupAssignor.Member(id, null, null, topics, current);
    }

    static Map<Uuid, ConsumerTopic> topics(ConsumerTopic... topics) {
        Map<Uuid, ConsumerTopic> map = new HashMap<>();
        for (ConsumerTopic t : topics) {
            map.put(t.id(), t);
        }
        return map;
    }

    /** Every partition of the subscribed topics assigned exactly once, to a subscriber. */
    static void assertComplete(
            List<ConsumerGroupAssignor.Member> members,
            Map<Uuid, ConsumerTopic> topics,
            Map<String, Map<Uuid, Set<Integer>>> result) {
        assertThat(result.keySet()).hasSize(members.size());
        Set<String> seen = new HashSet<>();
        for (ConsumerGroupAssignor.Member m : members) {
            result.get(m.memberId()).forEach((topic, ps) -> {
                assertThat(m.subscribedTopicIds()).contains(topic);
                ps.forEach(p -> assertThat(seen.add(topic + "-" + p))
                        .as("%s-%d twice", topic, p)
                        .isTrue());
            });
        }
        long expected = topics.values().stream()
                .filter(t ->
                        members.stream().anyMatch(m -> m.subscribedTopicIds().contains(t.id())))
                .mapToInt(ConsumerTopic::partitions)
                .sum();
        assertThat(seen).hasSize((int) expected);
    }

    private static List<Integer> counts(Map<String, Map<Uuid, Set<Integer>>> result) {
        return result.values().stream().map(ConsumerAssignments::count).toList();
    }

    @ParameterizedTest
    @CsvSource({"1,6", "2,6", "3,6", "4,6", "5,6", "7,6", "3,1", "4,9"})
    void homogeneousSubscriptionsAreBalanced(int memberCount, int partitions) {
        ConsumerTopic topic = new ConsumerTopic(new Uuid(7, 7), "t", partitions);
        List<ConsumerGroupAssignor.Member> members = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            members.add(member("m" + i, Set.of(topic.id()), Map.of()));
        }
        var result = assignor.assign(members, topics(topic));
        assertComplete(members, topics(topic), result);
        List<Integer> counts = counts(result);
        assertThat(counts.stream().mapToInt(i -> i).max().orElseThrow()
                        - counts.stream().mapToInt(i -> i).min().orElseThrow())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void joiningMemberTakesOnlyWhatBalanceNeeds() {
        var two = assignor.assign(
                List.of(member("a", Set.of(T1.id()), Map.of()), member("b", Set.of(T1.id()), Map.of())), topics(T1));
        var members = List.of(
                member("a", Set.of(T1.id()), two.get("a")),
                member("b", Set.of(T1.id()), two.get("b")),
                member("c", Set.of(T1.id()), Map.of()));
        var three = assignor.assign(members, topics(T1));
        assertComplete(members, topics(T1), three);
        assertThat(counts(three)).containsOnly(2);
        assertThat(two.get("a").get(T1.id())).containsAll(three.get("a").get(T1.id()));
        assertThat(two.get("b").get(T1.id())).containsAll(three.get("b").get(T1.id()));
    }

    @Test
    void leavingMemberPartitionsAreSpreadAndTheRestStay() {
        var three = assignor.assign(
                List.of(
                        member("a", Set.of(T1.id()), Map.of()),
                        member("b", Set.of(T1.id()), Map.of()),
                        member("c", Set.of(T1.id()), Map.of())),
                topics(T1));
        var members =
                List.of(member("a", Set.of(T1.id()), three.get("a")), member("c", Set.of(T1.id()), three.get("c")));
        var two = assignor.assign(members, topics(T1));
        assertComplete(members, topics(T1), two);
        assertThat(counts(two)).containsOnly(3);
        assertThat(two.get("a").get(T1.id())).containsAll(three.get("a").get(T1.id()));
        assertThat(two.get("c").get(T1.id())).containsAll(three.get("c").get(T1.id()));
    }

    @Test
    void differentSubscriptionsOnlyGetTheirTopics() {
        var members = List.of(
                member("a", Set.of(T1.id()), Map.of()),
                member("b", Set.of(T1.id(), T2.id()), Map.of()),
                member("c", Set.of(T2.id()), Map.of()));
        var result = assignor.assign(members, topics(T1, T2));
        assertComplete(members, topics(T1, T2), result);
        assertThat(counts(result)).containsExactly(3, 3, 3);
    }

    @Test
    void currentPartitionsOfUnsubscribedOrMissingTopicsAreDropped() {
        var members = List.of(
                member("a", Set.of(T1.id()), Map.of(T2.id(), Set.of(0), T1.id(), Set.of(0, 9))),
                member("b", Set.of(T1.id()), Map.of(T1.id(), Set.of(0, 1))));
        var result = assignor.assign(members, topics(T1));
        assertComplete(members, topics(T1), result);
        assertThat(result.get("a").get(T1.id())).contains(0);
        assertThat(result.get("b").get(T1.id())).contains(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomChurnKeepsBalanceAndMovesLittle(long seed) {
        Random random = new Random(seed);
        ConsumerTopic topic = new ConsumerTopic(new Uuid(9, 9), "big", 24);
        Map<String, Map<Uuid, Set<Integer>>> current = new HashMap<>();
        current.put("m0", Map.of());
        for (int step = 0; step < 20; step++) {
            if (current.size() > 1 && random.nextBoolean()) {
                current.remove(new ArrayList<>(current.keySet()).get(random.nextInt(current.size())));
            } else {
                current.put("m" + (step + 1), Map.of());
            }
            List<ConsumerGroupAssignor.Member> members = current.entrySet().stream()
                    .map(e -> member(e.getKey(), Set.of(topic.id()), e.getValue()))
                    .toList();
            var result = assignor.assign(members, topics(topic));
            assertComplete(members, topics(topic), result);
            int min = 24 / members.size();
            int moved = 0;
            for (var m : members) {
                int count = ConsumerAssignments.count(result.get(m.memberId()));
                assertThat(count).as("seed %d", seed).isBetween(min, min + 1);
                Set<Integer> kept = new HashSet<>(m.currentAssignment().getOrDefault(topic.id(), Set.of()));
                kept.removeAll(result.get(m.memberId()).getOrDefault(topic.id(), Set.of()));
                moved += kept.size();
            }
            assertThat(moved)
                    .as("partitions taken away at step %d, seed %d", step, seed)
                    .isLessThanOrEqualTo(24 / 2);
            current.clear();
            result.forEach(current::put);
        }
    }
}
