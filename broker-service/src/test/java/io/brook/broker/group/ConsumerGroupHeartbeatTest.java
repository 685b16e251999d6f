package io.brook.broker.group;

import static io.brook.broker.group.ConsumerGroupTestContext.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerGroupHeartbeatTest {

    private static final String GROUP = "g";

    private ConsumerGroupTestContext context;
    private ConsumerTopic topic;

    @BeforeEach
    void setUp() {
        context = new ConsumerGroupTestContext();
        topic = context.createTopic("t", 6);
    }

    private SimulatedConsumer consumer(String id) {
        return new SimulatedConsumer(context, GROUP, id, null);
    }

    private SimulatedConsumer staticConsumer(String id, String instanceId) {
        return new SimulatedConsumer(context, GROUP, id, instanceId);
    }

    /** Heartbeats every consumer until the group is stable, checking no partition is ever owned twice. */
    private void settle(SimulatedConsumer... consumers) {
        for (int round = 0; round < 10; round++) {
            for (SimulatedConsumer c : consumers) {
                assertThat(error(c.heartbeat())).isEqualTo(Errors.NONE);
                assertNoDoubleOwnership(consumers);
            }
            if (context.group(GROUP).state() == ConsumerGroupState.STABLE) {
                return;
            }
        }
        throw new AssertionError(
                "group did not stabilize: " + context.group(GROUP).state());
    }

    private static void assertNoDoubleOwnership(SimulatedConsumer... consumers) {
        Map<String, String> owners = new HashMap<>();
        for (SimulatedConsumer c : consumers) {
            c.owned.forEach((topic, ps) -> ps.forEach(p -> {
                String previous = owners.put(topic + "-" + p, c.memberId);
                assertThat(previous)
                        .as("%s-%d owned by %s and %s", topic, p, previous, c.memberId)
                        .isNull();
            }));
        }
    }

    @Test
    void firstMemberGetsEveryPartition() {
        SimulatedConsumer a = consumer("a");
        var response = a.join("t");
        assertThat(error(response)).isEqualTo(Errors.NONE);
        assertThat(response.memberId()).isEqualTo("a");
        assertThat(response.memberEpoch()).isEqualTo(1);
        assertThat(response.heartbeatIntervalMs()).isEqualTo(5000);
        assertThat(a.owned).isEqualTo(Map.of(topic.id(), Set.of(0, 1, 2, 3, 4, 5)));
        assertThat(context.group(GROUP).state()).isEqualTo(ConsumerGroupState.STABLE);
    }

    @Test
    void twoMembersSplitPartitionsOnlyAfterRevocation() {
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        a.join("t");
        var joined = b.join("t");
        assertThat(joined.memberEpoch()).isEqualTo(2);
        assertThat(b.ownedCount()).as("a still owns everything").isZero();
        assertThat(context.group(GROUP).member("b").orElseThrow().state())
                .isEqualTo(ConsumerMemberState.UNRELEASED_PARTITIONS);

        var revoke = a.heartbeat();
        assertThat(revoke.memberEpoch())
                .as("epoch held until revocation is acknowledged")
                .isEqualTo(1);
        assertThat(a.ownedCount()).isEqualTo(3);
        assertThat(b.heartbeat().assignment())
                .as("nothing new for b before a acknowledges")
                .isNull();

        assertThat(a.heartbeat().memberEpoch()).isEqualTo(2);
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(3);
        assertThat(context.group(GROUP).state()).isEqualTo(ConsumerGroupState.STABLE);
    }

    @Test
    void thirdMemberJoinsAndOneLeaves() {
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        SimulatedConsumer c = consumer("c");
        a.join("t");
        b.join("t");
        settle(a, b);
        c.join("t");
        assertNoDoubleOwnership(a, b, c);
        settle(a, b, c);
        assertThat(List.of(a.ownedCount(), b.ownedCount(), c.ownedCount())).containsOnly(2);

        assertThat(error(b.leave(-1))).isEqualTo(Errors.NONE);
        assertThat(context.group(GROUP).member("b")).isEmpty();
        settle(a, c);
        assertThat(a.ownedCount() + c.ownedCount()).isEqualTo(6);
        assertThat(List.of(a.ownedCount(), c.ownedCount())).containsOnly(3);
    }

    @Test
    void memberWithoutHeartbeatIsRemovedAfterSessionTimeout() {
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        a.join("t");
        b.join("t");
        settle(a, b);
        int epoch = context.group(GROUP).groupEpoch();
        for (int i = 0; i < 10; i++) {
            context.advance(5_000);
            a.heartbeat();
        }
        assertThat(context.group(GROUP).member("b")).isEmpty();
        assertThat(context.group(GROUP).groupEpoch()).isEqualTo(epoch + 1);
        a.heartbeat();
        assertThat(a.ownedCount()).isEqualTo(6);
        assertThat(error(b.heartbeat())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void memberThatDoesNotRevokeIsRemovedAfterRebalanceTimeout() {
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        a.join("t");
        b.join("t");
        a.heartbeat();
        assertThat(context.group(GROUP).member("a").orElseThrow().state())
                .isEqualTo(ConsumerMemberState.UNREVOKED_PARTITIONS);
        context.advance(ConsumerGroupTestContext.REBALANCE_TIMEOUT_MS);
        assertThat(context.group(GROUP).member("a")).isEmpty();
        b.heartbeat();
        b.heartbeat();
        assertThat(b.ownedCount()).isEqualTo(6);
    }

    @Test
    void staticMemberRejoiningAfterTemporaryLeaveKeepsItsPartitions() {
        SimulatedConsumer a = staticConsumer("a1", "instance-a");
        SimulatedConsumer b = staticConsumer("b1", "instance-b");
        a.join("t");
        b.join("t");
        settle(a, b);
        Map<Uuid, Set<Integer>> before = a.owned;

        var left = a.leave(-2);
        assertThat(left.memberEpoch()).isEqualTo(-2);
        assertThat(context.group(GROUP).member("a1").orElseThrow().memberEpoch())
                .isEqualTo(-2);

        SimulatedConsumer restarted = staticConsumer("a2", "instance-a");
        var rejoined = restarted.join("t");
        assertThat(error(rejoined)).isEqualTo(Errors.NONE);
        assertThat(restarted.owned).isEqualTo(before);
        assertThat(context.group(GROUP).member("a1")).isEmpty();
        assertThat(context.group(GROUP).staticMemberId("instance-a")).contains("a2");
        settle(restarted, b);
        assertThat(restarted.owned).isEqualTo(before);
    }

    @Test
    void instanceIdHeldByAnActiveMemberIsNotReleased() {
        staticConsumer("a1", "instance-a").join("t");
        var response = staticConsumer("a2", "instance-a").join("t");
        assertThat(error(response)).isEqualTo(Errors.UNRELEASED_INSTANCE_ID);
    }

    @Test
    void staticMemberNotBackWithinSessionIsRemoved() {
        SimulatedConsumer a = staticConsumer("a1", "instance-a");
        a.join("t");
        a.leave(-2);
        context.advance(context.config.sessionTimeoutMs());
        assertThat(context.group(GROUP).member("a1")).isEmpty();
        assertThat(context.group(GROUP).state()).isEqualTo(ConsumerGroupState.EMPTY);
    }

    @Test
    void staleOrFutureEpochIsFenced() {
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        a.join("t");
        b.join("t");
        settle(a, b);
        int epoch = a.epoch;
        var stale = context.send(
                ConsumerGroupTestContext.beat(GROUP, "a", epoch - 1, Map.of(topic.id(), Set.of(0, 1, 2, 3, 4, 5))));
        assertThat(error(stale))
                .as("previous epoch, but owning more than assigned")
                .isEqualTo(Errors.FENCED_MEMBER_EPOCH);
        var future = context.send(ConsumerGroupTestContext.beat(GROUP, "a", epoch + 1));
        assertThat(error(future)).isEqualTo(Errors.FENCED_MEMBER_EPOCH);

        var rejoin = a.join("t");
        assertThat(error(rejoin)).as("a fenced member rejoins with epoch 0").isEqualTo(Errors.NONE);
        settle(a, b);
        assertThat(a.ownedCount() + b.ownedCount()).isEqualTo(6);
    }

    @Test
    void previousEpochWithSubsetOfAssignmentIsAccepted() {
        SimulatedConsumer a = consumer("a");
        a.join("t");
        context.createTopic("t", 8);
        a.heartbeat();
        assertThat(a.epoch).isEqualTo(2);
        var retried = context.send(ConsumerGroupTestContext.beat(GROUP, "a", 1, Map.of(topic.id(), Set.of(0, 1))));
        assertThat(error(retried)).isEqualTo(Errors.NONE);
        assertThat(retried.memberEpoch()).isEqualTo(2);
    }

    @Test
    void unknownMemberOrGroupIsRejected() {
        assertThat(error(context.send(ConsumerGroupTestContext.beat(GROUP, "x", 3))))
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        consumer("a").join("t");
        assertThat(error(context.send(ConsumerGroupTestContext.beat(GROUP, "x", 1))))
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(error(context.send(ConsumerGroupTestContext.beat(GROUP, "x", -1))))
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void invalidRequestsAreRefused() {
        assertThat(error(context.send(ConsumerGroupTestContext.join(GROUP, "", "t"))))
                .as("v1 clients choose their member id")
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(context.send(
                        ConsumerGroupTestContext.join(GROUP, "a", "t").setRebalanceTimeoutMs(-1))))
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(context.send(ConsumerGroupTestContext.join(GROUP, "a").setSubscribedTopicRegex("t.*"))))
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(context.send(ConsumerGroupTestContext.beat(GROUP, "a", -2))))
                .as("only static members leave temporarily")
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error(context.send(
                        ConsumerGroupTestContext.join(GROUP, "a", "t").setServerAssignor("sticky"))))
                .isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
        assertThat(context.group(GROUP)).isNull();
    }

    @Test
    void groupRefusesMembersPastItsMaxSize() {
        context = new ConsumerGroupTestContext(ConsumerGroupConfig.defaults().withMaxSize(1));
        context.createTopic("t", 6);
        consumer("a").join("t");
        assertThat(error(consumer("b").join("t"))).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void subscriptionToAnotherTopicAndNewPartitionsRebalance() {
        ConsumerTopic other = context.createTopic("u", 2);
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        a.join("t");
        b.join("u");
        settle(a, b);
        assertThat(a.owned).isEqualTo(Map.of(topic.id(), Set.of(0, 1, 2, 3, 4, 5)));
        assertThat(b.owned).isEqualTo(Map.of(other.id(), Set.of(0, 1)));

        context.createTopic("u", 4);
        settle(a, b);
        assertThat(b.owned).isEqualTo(Map.of(other.id(), Set.of(0, 1, 2, 3)));
    }

    @Test
    void rangeAssignorIsUsedWhenMembersAskForIt() {
        SimulatedConsumer a = consumer("a");
        SimulatedConsumer b = consumer("b");
        a.serverAssignor = "range";
        b.serverAssignor = "range";
        a.join("t");
        b.join("t");
        settle(a, b);
        assertThat(a.owned).isEqualTo(Map.of(topic.id(), Set.of(0, 1, 2)));
        assertThat(b.owned).isEqualTo(Map.of(topic.id(), Set.of(3, 4, 5)));
    }

    @Test
    void offsetCommitsAreCheckedAgainstTheMemberEpoch() {
        SimulatedConsumer a = consumer("a");
        a.join("t");
        ConsumerGroup group = context.group(GROUP);
        assertThat(group.validateOffsetCommit("a", null, 1)).isEqualTo(Errors.NONE);
        assertThat(group.validateOffsetCommit("a", null, 0)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(group.validateOffsetCommit("x", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(group.validateOffsetCommit("", null, -1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        a.leave(-1);
        assertThat(group.validateOffsetCommit("", null, -1)).isEqualTo(Errors.NONE);
    }
}
