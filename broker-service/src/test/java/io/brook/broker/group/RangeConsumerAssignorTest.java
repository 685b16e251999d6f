package io.brook.broker.group;

import static io.brook.broker.group.UniformConsumerAssignorTest.assertComplete;
import static io.brook.broker.group.UniformConsumerAssignorTest.member;
import static io.brook.broker.group.UniformConsumerAssignorTest.topics;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class RangeConsumerAssignorTest {

    private static final ConsumerTopic T1 = new ConsumerTopic(new Uuid(1, 1), "t1", 7);
    private static final ConsumerTopic T2 = new ConsumerTopic(new Uuid(2, 2), "t2", 7);
    private static final ConsumerTopic T3 = new ConsumerTopic(new Uuid(3, 3), "t3", 2);

    private final RangeConsumerAssignor assignor = new RangeConsumerAssignor();

    @Test
    void coPartitionedTopicsGiveEachMemberTheSameRanges() {
        var members = List.of(
                member("b", Set.of(T1.id(), T2.id()), Map.of()),
                member("a", Set.of(T1.id(), T2.id()), Map.of()),
                member("c", Set.of(T1.id(), T2.id()), Map.of()));
        var result = assignor.assign(members, topics(T1, T2));
        assertComplete(members, topics(T1, T2), result);
        assertThat(result.get("a")).isEqualTo(Map.of(T1.id(), Set.of(0, 1, 2), T2.id(), Set.of(0, 1, 2)));
        assertThat(result.get("b")).isEqualTo(Map.of(T1.id(), Set.of(3, 4), T2.id(), Set.of(3, 4)));
        assertThat(result.get("c")).isEqualTo(Map.of(T1.id(), Set.of(5, 6), T2.id(), Set.of(5, 6)));
    }

    @Test
    void eachTopicIsSplitAmongItsOwnSubscribers() {
        var members = List.of(
                member("a", Set.of(T1.id()), Map.of()),
                member("b", Set.of(T1.id(), T3.id()), Map.of()),
                member("c", Set.of(T3.id()), Map.of()),
                member("d", Set.of(T3.id()), Map.of()));
        var result = assignor.assign(members, topics(T1, T3));
        assertComplete(members, topics(T1, T3), result);
        assertThat(result.get("a")).isEqualTo(Map.of(T1.id(), Set.of(0, 1, 2, 3)));
        assertThat(result.get("b")).isEqualTo(Map.of(T1.id(), Set.of(4, 5, 6), T3.id(), Set.of(0)));
        assertThat(result.get("c")).isEqualTo(Map.of(T3.id(), Set.of(1)));
        assertThat(result.get("d")).isEmpty();
    }

    @Test
    void staticMembersAreOrderedByInstanceIdSoARestartKeepsTheRange() {
        var before = assignor.assign(
                List.of(
                        new ConsumerGroupAssignor.Member("zz", "i-1", null, Set.of(T1.id()), Map.of()),
                        new ConsumerGroupAssignor.Member("aa", "i-2", null, Set.of(T1.id()), Map.of())),
                topics(T1));
        var after = assignor.assign(
                List.of(
                        new ConsumerGroupAssignor.Member("new", "i-1", null, Set.of(T1.id()), Map.of()),
                        new ConsumerGroupAssignor.Member("aa", "i-2", null, Set.of(T1.id()), Map.of())),
                topics(T1));
        assertThat(after.get("new")).isEqualTo(before.get("zz"));
        assertThat(after.get("aa")).isEqualTo(before.get("aa"));
    }
}
