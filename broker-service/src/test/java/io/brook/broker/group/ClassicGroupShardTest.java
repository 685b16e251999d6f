package io.brook.broker.group;

import static io.brook.broker.group.GroupTestContext.INITIAL_DELAY_MS;
import static io.brook.broker.group.GroupTestContext.REBALANCE_MS;
import static io.brook.broker.group.GroupTestContext.SESSION_MS;
import static io.brook.broker.group.GroupTestContext.joinRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classic group protocol on one shard: joins, syncs, heartbeats, leaves, timeouts, static members. */
class ClassicGroupShardTest {

    private static final String GROUP = "g";

    @TempDir
    Path dir;

    private GroupTestContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new GroupTestContext(dir);
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    /** Forms a Stable group of one member and returns its join response. */
    private JoinGroupResponseData stableSingle() {
        CompletableFuture<JoinGroupResponseData> joined = ctx.joinNew(GROUP);
        assertThat(joined).isNotDone();
        ctx.time.advance(INITIAL_DELAY_MS);
        JoinGroupResponseData response = joined.join();
        ctx.sync(GROUP, response.memberId(), response.generationId(), Map.of(response.memberId(), "a1"))
                .join();
        return response;
    }

    @Test
    void firstJoinNeedsMemberIdThenCompletesAfterInitialDelay() {
        JoinGroupResponseData first = ctx.join(GROUP, "").join();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-");

        CompletableFuture<JoinGroupResponseData> joined = ctx.join(GROUP, first.memberId());
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
        ctx.time.advance(INITIAL_DELAY_MS - 1);
        assertThat(joined).isNotDone();
        ctx.time.advance(1);

        JoinGroupResponseData response = joined.join();
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.generationId()).isEqualTo(1);
        assertThat(response.leader()).isEqualTo(first.memberId());
        assertThat(response.protocolName()).isEqualTo("range");
        assertThat(response.members())
                .extracting(JoinGroupResponseMember::memberId)
                .containsExactly(first.memberId());
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.COMPLETING_REBALANCE);
        assertThat(ctx.heartbeat(GROUP, first.memberId(), 1)).isEqualTo(Errors.NONE);

        SyncGroupResponseData sync = ctx.sync(GROUP, first.memberId(), 1, Map.of(first.memberId(), "p0"))
                .join();
        assertThat(new String(sync.assignment())).isEqualTo("p0");
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.STABLE);
        assertThat(ctx.heartbeat(GROUP, first.memberId(), 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void rebalancesFromTwoToThreeMembersAndDistributesTheLeadersAssignment() {
        JoinGroupResponseData a = stableSingle();
        String memberA = a.memberId();

        CompletableFuture<JoinGroupResponseData> joinB = ctx.joinNew(GROUP);
        assertThat(ctx.heartbeat(GROUP, memberA, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        CompletableFuture<JoinGroupResponseData> rejoinA = ctx.join(GROUP, memberA);
        JoinGroupResponseData leader = rejoinA.join();
        JoinGroupResponseData follower = joinB.join();
        assertThat(leader.generationId()).isEqualTo(2).isEqualTo(follower.generationId());
        assertThat(leader.leader()).isEqualTo(memberA);
        assertThat(leader.members()).hasSize(2);
        assertThat(follower.members()).isEmpty();

        CompletableFuture<SyncGroupResponseData> syncB = ctx.sync(GROUP, follower.memberId(), 2, Map.of());
        assertThat(syncB).isNotDone();
        ctx.sync(GROUP, memberA, 2, Map.of(memberA, "a2", follower.memberId(), "b2"))
                .join();
        assertThat(new String(syncB.join().assignment())).isEqualTo("b2");

        CompletableFuture<JoinGroupResponseData> joinC = ctx.joinNew(GROUP);
        CompletableFuture<JoinGroupResponseData> a3 = ctx.join(GROUP, memberA);
        assertThat(a3).isNotDone();
        CompletableFuture<JoinGroupResponseData> b3 = ctx.join(GROUP, follower.memberId());
        assertThat(a3.join().generationId()).isEqualTo(3);
        assertThat(a3.join().members()).hasSize(3);
        assertThat(b3.join().generationId()).isEqualTo(3);
        assertThat(joinC.join().generationId()).isEqualTo(3);
    }

    @Test
    void secondRebalanceRightAfterTheFirstWorks() {
        JoinGroupResponseData a = stableSingle();
        CompletableFuture<JoinGroupResponseData> joinB = ctx.joinNew(GROUP);
        JoinGroupResponseData a2 = ctx.join(GROUP, a.memberId()).join();
        JoinGroupResponseData b2 = joinB.join();
        ctx.sync(GROUP, a.memberId(), 2, Map.of(a.memberId(), "x", b2.memberId(), "y"))
                .join();
        SyncGroupResponseData syncB =
                ctx.sync(GROUP, b2.memberId(), 2, Map.of()).join();
        assertThat(Errors.forCode(syncB.errorCode())).isEqualTo(Errors.NONE);

        // A cooperative client rejoins at once to hand over revoked partitions.
        CompletableFuture<JoinGroupResponseData> a3 = ctx.join(GROUP, a2.memberId());
        assertThat(ctx.heartbeat(GROUP, b2.memberId(), 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        CompletableFuture<JoinGroupResponseData> b3 = ctx.join(GROUP, b2.memberId());
        assertThat(a3.join().generationId()).isEqualTo(3);
        assertThat(b3.join().generationId()).isEqualTo(3);
        ctx.sync(GROUP, a.memberId(), 3, Map.of(a.memberId(), "x3", b2.memberId(), "y3"))
                .join();
        assertThat(new String(ctx.sync(GROUP, b2.memberId(), 3, Map.of()).join().assignment()))
                .isEqualTo("y3");
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.STABLE);
    }

    @Test
    void leaveTriggersARebalanceOfTheRest() {
        JoinGroupResponseData a = stableSingle();
        CompletableFuture<JoinGroupResponseData> joinB = ctx.joinNew(GROUP);
        ctx.join(GROUP, a.memberId()).join();
        String memberB = joinB.join().memberId();
        ctx.sync(GROUP, a.memberId(), 2, Map.of()).join();

        assertThat(ctx.leave(GROUP, memberB).members().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
        JoinGroupResponseData alone = ctx.join(GROUP, a.memberId()).join();
        assertThat(alone.generationId()).isEqualTo(3);
        assertThat(alone.members()).hasSize(1);

        assertThat(ctx.leave(GROUP, "nobody").members().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void lastMemberLeavingEmptiesTheGroupWithANewGeneration() {
        JoinGroupResponseData a = stableSingle();
        ctx.leave(GROUP, a.memberId());
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.EMPTY);
        assertThat(ctx.group(GROUP).generation()).isEqualTo(2);
    }

    @Test
    void sessionTimeoutRemovesASilentMemberAndRebalances() {
        JoinGroupResponseData a = stableSingle();
        CompletableFuture<JoinGroupResponseData> joinB = ctx.joinNew(GROUP);
        ctx.join(GROUP, a.memberId()).join();
        String memberB = joinB.join().memberId();
        ctx.sync(GROUP, a.memberId(), 2, Map.of()).join();
        ctx.sync(GROUP, memberB, 2, Map.of()).join();

        ctx.time.advance(SESSION_MS / 2);
        assertThat(ctx.heartbeat(GROUP, a.memberId(), 2)).isEqualTo(Errors.NONE);
        ctx.time.advance(SESSION_MS / 2);
        assertThat(ctx.heartbeat(GROUP, a.memberId(), 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(ctx.group(GROUP).hasMember(memberB)).isFalse();
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.PREPARING_REBALANCE);
        assertThat(ctx.heartbeat(GROUP, memberB, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void rebalanceTimeoutDropsMembersThatDidNotRejoin() {
        JoinGroupResponseData a = stableSingle();
        CompletableFuture<JoinGroupResponseData> joinB = ctx.joinNew(GROUP);
        ctx.join(GROUP, a.memberId()).join();
        String memberB = joinB.join().memberId();
        ctx.sync(GROUP, a.memberId(), 2, Map.of()).join();
        ctx.sync(GROUP, memberB, 2, Map.of()).join();

        CompletableFuture<JoinGroupResponseData> rejoinA = ctx.join(GROUP, a.memberId());
        for (int elapsed = 0; elapsed < REBALANCE_MS; elapsed += 5_000) {
            ctx.time.advance(5_000);
            ctx.heartbeat(GROUP, memberB, 2);
        }
        assertThat(rejoinA.join().generationId()).isEqualTo(3);
        assertThat(rejoinA.join().members()).hasSize(1);
    }

    @Test
    void fencesStaleGenerationsAndUnknownMembers() {
        JoinGroupResponseData a = stableSingle();
        assertThat(ctx.heartbeat(GROUP, a.memberId(), 0)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(ctx.heartbeat(GROUP, "ghost", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.heartbeat("no-such-group", "ghost", 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(Errors.forCode(
                        ctx.sync(GROUP, a.memberId(), 7, Map.of()).join().errorCode()))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(Errors.forCode(ctx.join(GROUP, "ghost").join().errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(Errors.forCode(ctx.join(joinRequest(GROUP, "", null, "roundrobin"))
                        .join()
                        .errorCode()))
                .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        var tooShort = joinRequest(GROUP, "", null, "range").setSessionTimeoutMs(10);
        assertThat(Errors.forCode(ctx.join(tooShort).join().errorCode())).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    }

    @Test
    void staticMemberRestartKeepsTheGenerationAndFencesTheOldId() {
        CompletableFuture<JoinGroupResponseData> joinA = ctx.join(joinRequest(GROUP, "", "instance-a", "range"));
        CompletableFuture<JoinGroupResponseData> joinB = ctx.join(joinRequest(GROUP, "", "instance-b", "range"));
        // The second member's arrival extends the initial delay once.
        ctx.time.advance(INITIAL_DELAY_MS);
        assertThat(joinA).isNotDone();
        ctx.time.advance(INITIAL_DELAY_MS);
        JoinGroupResponseData a = joinA.join();
        JoinGroupResponseData b = joinB.join();
        assertThat(a.generationId()).isEqualTo(1);
        assertThat(a.leader()).isEqualTo(a.memberId());
        ctx.sync(GROUP, a.memberId(), 1, Map.of(a.memberId(), "pa", b.memberId(), "pb"))
                .join();
        ctx.sync(GROUP, b.memberId(), 1, Map.of()).join();
        int appendsBefore = ctx.log.appends;

        JoinGroupResponseData restarted =
                ctx.join(joinRequest(GROUP, "", "instance-b", "range")).join();

        assertThat(Errors.forCode(restarted.errorCode())).isEqualTo(Errors.NONE);
        assertThat(restarted.memberId()).isNotEqualTo(b.memberId());
        assertThat(restarted.generationId()).isEqualTo(1);
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.STABLE);
        assertThat(ctx.log.appends).isEqualTo(appendsBefore + 1);
        assertThat(ctx.heartbeat(GROUP, b.memberId(), "instance-b", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(ctx.heartbeat(GROUP, restarted.memberId(), "instance-b", 1)).isEqualTo(Errors.NONE);
        assertThat(ctx.heartbeat(GROUP, a.memberId(), "instance-a", 1)).isEqualTo(Errors.NONE);
        SyncGroupResponseData sync =
                ctx.sync(GROUP, restarted.memberId(), 1, Map.of()).join();
        assertThat(new String(sync.assignment())).isEqualTo("pb");

        // The replacement is durable: a reloaded shard knows the new member id.
        ctx.shard = ctx.newShard();
        assertThat(ctx.group(GROUP).hasMember(restarted.memberId())).isTrue();
        assertThat(ctx.group(GROUP).hasMember(b.memberId())).isFalse();
    }

    @Test
    void staticMemberWithNewProtocolsTriggersARebalance() {
        CompletableFuture<JoinGroupResponseData> joinA = ctx.join(joinRequest(GROUP, "", "instance-a", "range"));
        ctx.time.advance(INITIAL_DELAY_MS);
        JoinGroupResponseData a = joinA.join();
        ctx.sync(GROUP, a.memberId(), 1, Map.of(a.memberId(), "pa")).join();

        JoinGroupResponseData restarted = ctx.join(joinRequest(GROUP, "", "instance-a", "range", "roundrobin"))
                .join();
        assertThat(restarted.generationId()).isEqualTo(2);
        assertThat(ctx.group(GROUP).state()).isEqualTo(ClassicGroupState.COMPLETING_REBALANCE);
    }
}
