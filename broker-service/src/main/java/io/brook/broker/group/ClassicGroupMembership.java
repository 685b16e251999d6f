package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * SyncGroup, Heartbeat and LeaveGroup for classic groups: generation and member fencing, distribution of the
 * leader's assignment (persisted as the group's record before anyone is answered), session keep-alive and
 * departures. Confined to the shard's thread.
 */
final class ClassicGroupMembership {

    private final ClassicRebalancer rebalancer;

    ClassicGroupMembership(ClassicRebalancer rebalancer) {
        this.rebalancer = rebalancer;
    }

    /** Checks identity and generation; NONE when the member may proceed. */
    private static Errors validateMember(ClassicGroup group, String memberId, String instanceId, int generationId) {
        if (group.is(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Optional<String> holder = group.staticMemberId(instanceId);
        if (holder.isPresent() && !holder.get().equals(memberId)) {
            return Errors.FENCED_INSTANCE_ID;
        }
        if (!group.hasMember(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return generationId == group.generation() ? Errors.NONE : Errors.ILLEGAL_GENERATION;
    }

    void sync(
            CoordinatorResult result,
            Optional<ClassicGroup> found,
            SyncGroupRequestData request,
            Responder<SyncGroupResponseData> responder) {
        if (found.isEmpty()) {
            result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        ClassicGroup group = found.get();
        String memberId = request.memberId();
        Errors error = validateMember(group, memberId, request.groupInstanceId(), request.generationId());
        boolean sameProtocol = matches(request.protocolType(), group.protocolType())
                && matches(request.protocolName(), group.protocol());
        if (error == Errors.NONE && !sameProtocol) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error != Errors.NONE) {
            result.replyError(responder, error);
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        switch (group.state()) {
            case EMPTY, DEAD -> result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
            case PREPARING_REBALANCE -> result.replyError(responder, Errors.REBALANCE_IN_PROGRESS);
            case STABLE -> {
                group.pendingSync().remove(memberId);
                rebalancer.scheduleSession(group, member);
                result.reply(responder, syncResponse(group, member.assignment()));
            }
            case COMPLETING_REBALANCE -> {
                group.pendingSync().remove(memberId);
                if (member.isAwaitingSync()) {
                    result.replyError(member.takeSyncResponder(), Errors.REBALANCE_IN_PROGRESS);
                }
                member.awaitSync(responder);
                rebalancer.scheduleSession(group, member);
                if (group.isLeader(memberId)) {
                    completeSync(result, group, request);
                }
            }
        }
    }

    private static boolean matches(String requested, String actual) {
        return requested == null || requested.equals(actual);
    }

    /** The leader's assignment: persisted as the group's record, then handed to every member waiting for it. */
    private void completeSync(CoordinatorResult result, ClassicGroup group, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        result.record(new ClassicGroupMetadata(
                group.groupId(), group.snapshot(group.generation(), rebalancer.nowMs(), assignments)));
        for (ClassicGroupMember m : group.members()) {
            if (m.isAwaitingSync()) {
                byte[] assignment = assignments.getOrDefault(m.memberId(), new byte[0]);
                result.reply(m.takeSyncResponder(), syncResponse(group, assignment));
            }
        }
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, byte[] assignment) {
        return new SyncGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocol())
                .setAssignment(assignment);
    }

    Errors heartbeat(Optional<ClassicGroup> found, String memberId, String instanceId, int generationId) {
        if (found.isEmpty()) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        ClassicGroup group = found.get();
        if (group.is(ClassicGroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        Errors error = validateMember(group, memberId, instanceId, generationId);
        if (error != Errors.NONE) {
            return error;
        }
        rebalancer.scheduleSession(group, group.member(memberId));
        return group.is(ClassicGroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** Removes each listed member (by member id, or by instance id for static members), one answer each. */
    LeaveGroupResponseData leave(CoordinatorResult result, Optional<ClassicGroup> found, List<MemberIdentity> leaving) {
        var response = new LeaveGroupResponseData().setErrorCode(Errors.NONE.code());
        if (found.isPresent() && found.get().is(ClassicGroupState.DEAD)) {
            return response.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        for (MemberIdentity identity : leaving) {
            Errors error = found.isEmpty() ? Errors.UNKNOWN_MEMBER_ID : leaveOne(result, found.get(), identity);
            response.members()
                    .add(new MemberResponse()
                            .setMemberId(identity.memberId())
                            .setGroupInstanceId(identity.groupInstanceId())
                            .setErrorCode(error.code()));
        }
        return response;
    }

    private Errors leaveOne(CoordinatorResult result, ClassicGroup group, MemberIdentity identity) {
        String memberId = identity.memberId() == null ? "" : identity.memberId();
        String instanceId = identity.groupInstanceId();
        if (instanceId != null) {
            Optional<String> holder = group.staticMemberId(instanceId);
            if (holder.isEmpty()) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(holder.get())) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = holder.get();
        } else if (group.removePending(memberId)) {
            rebalancer.cancelSession(group, memberId);
            if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
                rebalancer.maybeCompleteJoin(result, group);
            }
            return Errors.NONE;
        }
        ClassicGroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        rebalancer.removeMember(result, group, member);
        return Errors.NONE;
    }
}
