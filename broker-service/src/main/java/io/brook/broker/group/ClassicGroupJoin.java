package io.brook.broker.group;

import io.brook.broker.group.ClassicGroupMember.Protocol;
import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * JoinGroup for classic groups: member id assignment (MEMBER_ID_REQUIRED from v4), protocol checks, static
 * membership (a known {@code group.instance.id} takes over its member's place; in a Stable group with unchanged
 * protocols that is persisted without a rebalance), and the decision to start, join or skip a rebalance.
 *
 * <p>A JoinGroup that starts or joins a rebalance is answered when the join phase completes, by whichever
 * operation completes it. Confined to the shard's thread.
 */
final class ClassicGroupJoin {

    /** Finds or creates the classic group for a join; throws if the id belongs to another group type. */
    interface Groups {
        Optional<ClassicGroup> classicGroup(String groupId);

        ClassicGroup createClassicGroup(String groupId);
    }

    private final GroupConfig config;
    private final ClassicRebalancer rebalancer;
    private final Groups groups;
    private final Supplier<String> memberIdSuffix;

    ClassicGroupJoin(GroupConfig config, ClassicRebalancer rebalancer, Groups groups, Supplier<String> ids) {
        this.config = config;
        this.rebalancer = rebalancer;
        this.groups = groups;
        this.memberIdSuffix = ids;
    }

    void join(
            CoordinatorResult result,
            GroupRequestContext context,
            JoinGroupRequestData request,
            Responder<JoinGroupResponseData> responder) {
        String groupId = request.groupId();
        String memberId = request.memberId() == null ? "" : request.memberId();
        if (groupId == null || groupId.isEmpty()) {
            result.replyError(responder, Errors.INVALID_GROUP_ID);
            return;
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            result.replyError(responder, Errors.INVALID_SESSION_TIMEOUT);
            return;
        }
        Optional<ClassicGroup> existing = groups.classicGroup(groupId);
        if (existing.isEmpty() && !memberId.isEmpty()) {
            result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        ClassicGroup group = existing.orElseGet(() -> groups.createClassicGroup(groupId));
        if (group.is(ClassicGroupState.DEAD)) {
            result.replyError(responder, Errors.COORDINATOR_NOT_AVAILABLE);
            return;
        }
        var join = new Join(context, request, memberId, protocols(request), responder);
        boolean newMember = memberId.isEmpty() || group.isPending(memberId);
        if (newMember && group.size() >= config.maxGroupSize()) {
            result.replyError(responder, Errors.GROUP_MAX_SIZE_REACHED);
        } else if (!group.supportsProtocols(request.protocolType(), join.protocols)) {
            result.replyError(responder, Errors.INCONSISTENT_GROUP_PROTOCOL);
        } else if (memberId.isEmpty()) {
            joinNewMember(result, group, join);
        } else {
            joinKnownMember(result, group, join);
        }
    }

    /** One JoinGroup's inputs, with the rebalance timeout defaulted as v0 (no such field) needs. */
    private record Join(
            GroupRequestContext context,
            JoinGroupRequestData request,
            String memberId,
            List<Protocol> protocols,
            Responder<JoinGroupResponseData> responder) {

        int rebalanceTimeoutMs() {
            return request.rebalanceTimeoutMs() < 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        }

        String instanceId() {
            return request.groupInstanceId();
        }
    }

    private static List<Protocol> protocols(JoinGroupRequestData request) {
        return request.protocols().stream()
                .map(p -> new Protocol(p.name(), p.metadata()))
                .toList();
    }

    private void joinNewMember(CoordinatorResult result, ClassicGroup group, Join join) {
        String newId = join.context.clientId() + "-" + memberIdSuffix.get();
        if (join.instanceId() != null) {
            Optional<String> current = group.staticMemberId(join.instanceId());
            if (current.isPresent()) {
                replaceStaticMember(result, group, join, current.get(), newId);
            } else {
                addMemberAndRebalance(result, group, join, newId);
            }
        } else if (join.context.apiVersion() >= 4) {
            group.addPending(newId);
            rebalancer.schedulePending(group, newId, join.request.sessionTimeoutMs());
            result.reply(
                    join.responder,
                    new JoinGroupResponseData()
                            .setErrorCode(Errors.MEMBER_ID_REQUIRED.code())
                            .setMemberId(newId)
                            .setGenerationId(-1)
                            .setProtocolName(null)
                            .setLeader(""));
        } else {
            addMemberAndRebalance(result, group, join, newId);
        }
    }

    private void joinKnownMember(CoordinatorResult result, ClassicGroup group, Join join) {
        String memberId = join.memberId;
        if (group.removePending(memberId)) {
            rebalancer.cancelSession(group, memberId);
            addMemberAndRebalance(result, group, join, memberId);
            return;
        }
        if (join.instanceId() != null) {
            Optional<String> current = group.staticMemberId(join.instanceId());
            if (current.isPresent() && !current.get().equals(memberId)) {
                result.replyError(join.responder, Errors.FENCED_INSTANCE_ID);
                return;
            }
        }
        ClassicGroupMember member = group.member(memberId);
        if (member == null) {
            result.replyError(join.responder, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        boolean unchanged = member.matches(join.protocols);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(result, group, member, join);
            case COMPLETING_REBALANCE -> {
                if (unchanged) {
                    result.reply(join.responder, rebalancer.joinResponse(group, member, apiVersion(join), false));
                } else {
                    updateMemberAndRebalance(result, group, member, join);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !unchanged) {
                    updateMemberAndRebalance(result, group, member, join);
                } else {
                    rebalancer.scheduleSession(group, member);
                    result.reply(join.responder, rebalancer.joinResponse(group, member, apiVersion(join), false));
                }
            }
            case EMPTY, DEAD -> result.replyError(join.responder, Errors.UNKNOWN_MEMBER_ID);
        }
    }

    private static short apiVersion(Join join) {
        return join.context.apiVersion();
    }

    private void addMemberAndRebalance(CoordinatorResult result, ClassicGroup group, Join join, String memberId) {
        var member = new ClassicGroupMember(
                memberId,
                join.instanceId(),
                join.context.clientId(),
                join.context.clientHost(),
                join.rebalanceTimeoutMs(),
                join.request.sessionTimeoutMs(),
                join.protocols);
        member.isNew(true);
        member.awaitJoin(join.responder, apiVersion(join));
        group.add(member, join.request.protocolType());
        rebalancer.scheduleSession(group, member);
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            rebalancer.maybeCompleteJoin(result, group);
        } else {
            rebalancer.prepareRebalance(result, group);
        }
    }

    private void updateMemberAndRebalance(
            CoordinatorResult result, ClassicGroup group, ClassicGroupMember member, Join join) {
        if (member.isAwaitingJoin()) {
            result.replyError(member.takeJoinResponder(), Errors.REBALANCE_IN_PROGRESS);
        }
        member.update(
                join.context.clientId(),
                join.context.clientHost(),
                join.rebalanceTimeoutMs(),
                join.request.sessionTimeoutMs(),
                join.protocols);
        member.awaitJoin(join.responder, apiVersion(join));
        rebalancer.scheduleSession(group, member);
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            rebalancer.maybeCompleteJoin(result, group);
        } else {
            rebalancer.prepareRebalance(result, group);
        }
    }

    /**
     * A static member restarted: its instance id moves to a new member id and the old id is fenced. In a Stable
     * group with unchanged protocols the group is persisted with the new id and answered at once, with no
     * rebalance; otherwise the member rejoins the rebalance like any other.
     */
    private void replaceStaticMember(
            CoordinatorResult result, ClassicGroup group, Join join, String oldId, String newId) {
        ClassicGroupMember member = group.member(oldId);
        if (member.isAwaitingJoin()) {
            result.replyError(member.takeJoinResponder(), Errors.FENCED_INSTANCE_ID);
        }
        if (member.isAwaitingSync()) {
            result.replyError(member.takeSyncResponder(), Errors.FENCED_INSTANCE_ID);
        }
        rebalancer.cancelSession(group, oldId);
        group.replaceStaticMember(join.instanceId(), oldId, newId);
        if (!group.is(ClassicGroupState.STABLE) || !member.matches(join.protocols)) {
            updateMemberAndRebalance(result, group, member, join);
            return;
        }
        member.update(
                join.context.clientId(),
                join.context.clientHost(),
                join.rebalanceTimeoutMs(),
                join.request.sessionTimeoutMs(),
                join.protocols);
        rebalancer.scheduleSession(group, member);
        result.record(new ClassicGroupMetadata(
                group.groupId(), group.snapshot(group.generation(), rebalancer.nowMs(), null)));
        result.onAppendFailure(() -> {
            if (group.hasMember(newId)) {
                rebalancer.cancelSession(group, newId);
                group.replaceStaticMember(join.instanceId(), newId, oldId);
                rebalancer.scheduleSession(group, member);
            }
        });
        boolean leader = group.isLeader(newId);
        result.reply(join.responder, rebalancer.joinResponse(group, member, apiVersion(join), leader));
    }
}
