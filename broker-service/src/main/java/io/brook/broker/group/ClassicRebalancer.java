package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.Errors;

/**
 * The rebalance machinery of classic groups, shared by the JoinGroup, SyncGroup, Heartbeat and LeaveGroup paths:
 * starting a join phase (with the initial delay for an empty group), completing it into a new generation, member
 * session and pending-sync timeouts, and removing members.
 *
 * <p>Durable effects are records added to the {@link CoordinatorResult}: a join phase that ends with no members
 * writes the empty group with the next generation, which {@link ClassicGroup#replay} then applies. A join phase
 * that ends with members is not persisted until the leader's assignment is (as in Kafka's classic protocol).
 * Confined to the shard's thread.
 */
final class ClassicRebalancer {

    private final GroupConfig config;
    private final ShardTimers timers;
    private final Clock clock;

    ClassicRebalancer(GroupConfig config, ShardTimers timers, Clock clock) {
        this.config = config;
        this.timers = timers;
        this.clock = clock;
    }

    long nowMs() {
        return clock.millis();
    }

    /** (Re)starts the member's session timer: it is removed if no heartbeat comes within its session timeout. */
    void scheduleSession(ClassicGroup group, ClassicGroupMember member) {
        String memberId = member.memberId();
        timers.schedule(
                ShardTimers.sessionKey(group.groupId(), memberId),
                member.sessionTimeoutMs(),
                result -> onSessionExpired(result, group, memberId));
    }

    /** A member told MEMBER_ID_REQUIRED must come back within its session timeout or is forgotten. */
    void schedulePending(ClassicGroup group, String memberId, int sessionTimeoutMs) {
        timers.schedule(ShardTimers.sessionKey(group.groupId(), memberId), sessionTimeoutMs, result -> {
            if (group.removePending(memberId) && group.is(ClassicGroupState.PREPARING_REBALANCE)) {
                maybeCompleteJoin(result, group);
            }
        });
    }

    void cancelSession(ClassicGroup group, String memberId) {
        timers.cancel(ShardTimers.sessionKey(group.groupId(), memberId));
    }

    private void onSessionExpired(CoordinatorResult result, ClassicGroup group, String memberId) {
        ClassicGroupMember member = group.member(memberId);
        if (member == null || group.is(ClassicGroupState.DEAD)) {
            return;
        }
        if (member.isAwaitingJoin() || member.isAwaitingSync()) {
            // A member waiting on the coordinator cannot heartbeat; the join and sync timeouts bound the wait.
            scheduleSession(group, member);
            return;
        }
        removeMember(result, group, member);
    }

    /** Removes a member (left, expired or fenced) and moves the group on: a new rebalance, or the current one on. */
    void removeMember(CoordinatorResult result, ClassicGroup group, ClassicGroupMember member) {
        dropMember(result, group, member, Errors.UNKNOWN_MEMBER_ID);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(result, group);
            case PREPARING_REBALANCE -> maybeCompleteJoin(result, group);
            case EMPTY, DEAD -> {}
        }
    }

    private void dropMember(CoordinatorResult result, ClassicGroup group, ClassicGroupMember member, Errors error) {
        cancelSession(group, member.memberId());
        if (member.isAwaitingJoin()) {
            result.replyError(member.takeJoinResponder(), error);
        }
        if (member.isAwaitingSync()) {
            result.replyError(member.takeSyncResponder(), error);
        }
        group.remove(member.memberId());
    }

    /** Enters PreparingRebalance: members must rejoin within the rebalance timeout. */
    void prepareRebalance(CoordinatorResult result, ClassicGroup group) {
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            for (ClassicGroupMember m : group.members()) {
                if (m.isAwaitingSync()) {
                    result.replyError(m.takeSyncResponder(), Errors.REBALANCE_IN_PROGRESS);
                }
            }
        }
        timers.cancel(ShardTimers.syncKey(group.groupId()));
        boolean wasEmpty = group.is(ClassicGroupState.EMPTY);
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, nowMs());
        if (wasEmpty && config.initialRebalanceDelayMs() > 0) {
            long delay = Math.min(config.initialRebalanceDelayMs(), group.rebalanceTimeoutMs());
            group.takeNewMemberAdded();
            group.inInitialDelay(true);
            scheduleInitialDelay(group, delay, Math.max(0, group.rebalanceTimeoutMs() - delay));
        } else {
            group.inInitialDelay(false);
            timers.schedule(
                    ShardTimers.joinKey(group.groupId()), group.rebalanceTimeoutMs(), r -> completeJoin(r, group));
            maybeCompleteJoin(result, group);
        }
    }

    /** The first rebalance of an empty group waits while new members keep arriving, up to the rebalance timeout. */
    private void scheduleInitialDelay(ClassicGroup group, long delayMs, long remainingMs) {
        timers.schedule(ShardTimers.joinKey(group.groupId()), delayMs, result -> {
            if (group.takeNewMemberAdded() && remainingMs > 0) {
                long next = Math.min(config.initialRebalanceDelayMs(), remainingMs);
                scheduleInitialDelay(group, next, remainingMs - next);
            } else {
                completeJoin(result, group);
            }
        });
    }

    /** Completes the join phase early once every member has rejoined (never during the initial delay). */
    void maybeCompleteJoin(CoordinatorResult result, ClassicGroup group) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && !group.inInitialDelay() && group.allMembersJoined()) {
            completeJoin(result, group);
        }
    }

    /** Ends the join phase: drops dynamic members that did not rejoin, then starts the next generation. */
    void completeJoin(CoordinatorResult result, ClassicGroup group) {
        if (!group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        timers.cancel(ShardTimers.joinKey(group.groupId()));
        group.inInitialDelay(false);
        for (ClassicGroupMember m : new ArrayList<>(group.members())) {
            if (!m.isAwaitingJoin() && !m.isStatic()) {
                dropMember(result, group, m, Errors.UNKNOWN_MEMBER_ID);
            }
        }
        if (!group.isEmpty() && !group.electJoinedLeader()) {
            // Nobody rejoined: wait for the session timeouts to remove the silent members.
            timers.schedule(
                    ShardTimers.joinKey(group.groupId()), group.rebalanceTimeoutMs(), r -> completeJoin(r, group));
            return;
        }
        if (group.isEmpty()) {
            result.record(
                    new ClassicGroupMetadata(group.groupId(), group.snapshot(group.generation() + 1, nowMs(), null)));
            return;
        }
        group.nextGeneration(nowMs());
        for (ClassicGroupMember m : group.members()) {
            if (m.isAwaitingJoin()) {
                short version = m.joinVersion();
                result.reply(m.takeJoinResponder(), joinResponse(group, m, version, false));
                m.isNew(false);
                scheduleSession(group, m);
            }
        }
        int generation = group.generation();
        timers.schedule(
                ShardTimers.syncKey(group.groupId()),
                group.rebalanceTimeoutMs(),
                r -> onSyncTimeout(r, group, generation));
    }

    /** Members that did not send SyncGroup within the rebalance timeout are removed, and the group rebalances. */
    private void onSyncTimeout(CoordinatorResult result, ClassicGroup group, int generation) {
        boolean current = group.generation() == generation
                && (group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.is(ClassicGroupState.STABLE));
        if (!current) {
            return;
        }
        for (String memberId : List.copyOf(group.pendingSync())) {
            ClassicGroupMember member = group.member(memberId);
            if (member != null) {
                removeMember(result, group, member);
            }
        }
    }

    /**
     * The JoinGroup answer for {@code member} in the current generation: the leader gets every member's metadata
     * for the selected protocol, the others an empty member list.
     */
    JoinGroupResponseData joinResponse(
            ClassicGroup group, ClassicGroupMember member, short version, boolean skipAssignment) {
        var response = new JoinGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setGenerationId(group.generation())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocol())
                .setLeader(group.leaderId())
                .setMemberId(member.memberId())
                .setSkipAssignment(skipAssignment && version >= 9);
        if (group.isLeader(member.memberId())) {
            for (ClassicGroupMember m : group.members()) {
                response.members()
                        .add(new JoinGroupResponseMember()
                                .setMemberId(m.memberId())
                                .setGroupInstanceId(m.instanceId())
                                .setMetadata(m.metadata(group.protocol())));
            }
        }
        return response;
    }
}
