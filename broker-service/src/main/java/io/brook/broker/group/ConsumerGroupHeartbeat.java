package io.brook.broker.group;

import static io.brook.broker.group.ConsumerMemberAssignment.LEAVE_EPOCH;
import static io.brook.broker.group.ConsumerMemberAssignment.LEAVE_STATIC_EPOCH;

import io.brook.broker.group.ConsumerGroupRecord.CurrentAssignment;
import io.brook.broker.group.ConsumerGroupRecord.GroupEpoch;
import io.brook.broker.group.ConsumerGroupRecord.MemberMetadata;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * ConsumerGroupHeartbeat (KIP-848): joining (epoch 0), heartbeating, and leaving (epoch -1, or -2 for a static
 * member that will come back). One heartbeat updates the member's metadata, bumps the group epoch when the
 * subscriptions or the subscribed topics changed, recomputes the target assignment when the group epoch moved past
 * it, and reconciles the member one step ({@link ConsumerReconciler}). Everything it decides is written as
 * {@link ConsumerGroupRecord}s; the group changes when they are replayed.
 *
 * <p>Member sessions ({@code group.consumer.session.timeout.ms}) and revocations (the member's rebalance timeout)
 * are timers of the shard: when one expires the member is removed and the group epoch bumped. Confined to the
 * shard's thread.
 */
final class ConsumerGroupHeartbeat {

    private final ConsumerGroupConfig config;
    private final ConsumerTargetAssigner assigner;
    private final ShardTimers timers;
    private final Clock clock;
    private final Function<String, Optional<ConsumerGroup>> groups;
    private final Supplier<String> memberIds;
    private final Function<CoordinatorResult, ConsumerRecordSink> sinks;

    /**
     * @param groups the shard's consumer groups by id, as timers find them when they fire
     * @param memberIds new member ids for version 0 clients that let the coordinator choose
     * @param sinks where the records of an operation building a given result go
     */
    ConsumerGroupHeartbeat(
            ConsumerGroupConfig config,
            ConsumerTopics topics,
            ShardTimers timers,
            Clock clock,
            Function<String, Optional<ConsumerGroup>> groups,
            Supplier<String> memberIds,
            Function<CoordinatorResult, ConsumerRecordSink> sinks) {
        this.config = config;
        this.assigner = new ConsumerTargetAssigner(config, topics);
        this.timers = timers;
        this.clock = clock;
        this.groups = groups;
        this.memberIds = memberIds;
        this.sinks = sinks;
    }

    ConsumerTargetAssigner assigner() {
        return assigner;
    }

    /** What the member lookup decided: the member to update, or why the request is refused. */
    private record Resolved(Errors error, ConsumerGroupMember member, boolean isNew, String replacedMemberId) {
        static Resolved refused(Errors error) {
            return new Resolved(error, null, false, null);
        }
    }

    void heartbeat(
            CoordinatorResult result,
            Optional<ConsumerGroup> found,
            ConsumerGroupHeartbeatRequestData request,
            GroupRequestContext context,
            Responder<ConsumerGroupHeartbeatResponseData> responder) {
        Errors invalid = ConsumerHeartbeatValidation.validate(request, context.apiVersion(), assigner);
        if (invalid != Errors.NONE) {
            result.replyError(responder, invalid);
            return;
        }
        Optional<ConsumerGroup> live = found.filter(g -> !g.isDeleted());
        int epoch = request.memberEpoch();
        if (epoch == LEAVE_EPOCH || epoch == LEAVE_STATIC_EPOCH) {
            leave(result, live, request, responder);
            return;
        }
        if (live.isEmpty() && epoch != 0) {
            result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        ConsumerGroup group = live.orElseGet(() -> new ConsumerGroup(request.groupId(), clock));
        String memberId = request.memberId().isEmpty() ? memberIds.get() : request.memberId();
        Map<Uuid, Set<Integer>> reported = ConsumerAssignments.fromRequest(request.topicPartitions());
        Resolved resolved = resolve(group, memberId, request, reported);
        if (resolved.error() != Errors.NONE) {
            result.replyError(responder, resolved.error());
            return;
        }
        result.reply(responder, update(result, group, resolved, request, context, reported));
    }

    private Resolved resolve(
            ConsumerGroup group,
            String memberId,
            ConsumerGroupHeartbeatRequestData request,
            Map<Uuid, Set<Integer>> reported) {
        Optional<ConsumerGroupMember> existing = group.member(memberId);
        String instanceId = request.instanceId() != null
                ? request.instanceId()
                : existing.map(ConsumerGroupMember::instanceId).orElse(null);
        Optional<String> holder = group.staticMemberId(instanceId);
        if (request.memberEpoch() == 0) {
            if (holder.isPresent() && !holder.get().equals(memberId)) {
                ConsumerGroupMember old = group.member(holder.get()).orElseThrow();
                if (old.memberEpoch() != LEAVE_STATIC_EPOCH) {
                    return Resolved.refused(Errors.UNRELEASED_INSTANCE_ID);
                }
                // The new incarnation takes over the partitions the old one kept while away.
                var takeover = new ConsumerMemberAssignment(
                        0, 0, ConsumerMemberState.STABLE, old.assignment().assignedPartitions(), Map.of());
                return new Resolved(
                        Errors.NONE,
                        new ConsumerGroupMember(memberId, old.metadata(), takeover),
                        false,
                        old.memberId());
            }
            if (existing.isPresent()) {
                // A member rejoining after a fence has given up all its partitions.
                return new Resolved(
                        Errors.NONE, existing.get().withAssignment(ConsumerMemberAssignment.NONE), false, null);
            }
            if (group.size() >= config.maxSize()) {
                return Resolved.refused(Errors.GROUP_MAX_SIZE_REACHED);
            }
            return new Resolved(Errors.NONE, ConsumerGroupMember.newMember(memberId), true, null);
        }
        if (instanceId != null && holder.isEmpty()) {
            return Resolved.refused(Errors.UNKNOWN_MEMBER_ID);
        }
        if (holder.isPresent() && !holder.get().equals(memberId)) {
            return Resolved.refused(Errors.FENCED_INSTANCE_ID);
        }
        if (existing.isEmpty()) {
            return Resolved.refused(Errors.UNKNOWN_MEMBER_ID);
        }
        ConsumerMemberAssignment current = existing.get().assignment();
        int received = request.memberEpoch();
        boolean fenced = received > current.memberEpoch()
                || (received < current.memberEpoch()
                        && (received != current.previousMemberEpoch()
                                || reported == null
                                || !ConsumerAssignments.isSubset(reported, current.assignedPartitions())));
        return fenced
                ? Resolved.refused(Errors.FENCED_MEMBER_EPOCH)
                : new Resolved(Errors.NONE, existing.get(), false, null);
    }

    private ConsumerGroupHeartbeatResponseData update(
            CoordinatorResult result,
            ConsumerGroup group,
            Resolved resolved,
            ConsumerGroupHeartbeatRequestData request,
            GroupRequestContext context,
            Map<Uuid, Set<Integer>> reported) {
        String groupId = group.groupId();
        ConsumerGroupMember member = resolved.member();
        String memberId = member.memberId();
        String replaced = resolved.replacedMemberId();
        Optional<ConsumerGroupMember> stored = group.member(memberId);
        if (replaced != null) {
            removeRecords(result, groupId, replaced);
            cancelTimers(groupId, replaced);
        }
        ConsumerMemberMetadata before = member.metadata();
        ConsumerMemberMetadata after = before.update(
                request.instanceId(),
                request.rackId(),
                context.clientId(),
                context.clientHost(),
                request.subscribedTopicNames(),
                request.subscribedTopicRegex(),
                request.serverAssignor(),
                request.rebalanceTimeoutMs());
        if (stored.isEmpty() || !after.equals(stored.get().metadata())) {
            sinks.apply(result).record(new MemberMetadata(groupId, memberId, after));
        }
        member = member.withMetadata(after);
        Map<String, ConsumerGroupMember> view = new LinkedHashMap<>();
        group.members().forEach(m -> view.put(m.memberId(), m));
        if (replaced != null) {
            view.remove(replaced);
        }
        view.put(memberId, member);

        long hash = assigner.metadataHash(view.values());
        boolean bump = resolved.isNew()
                || replaced != null
                || before.subscriptionDiffers(after)
                || hash != group.metadataHash();
        int groupEpoch = group.groupEpoch() + (bump ? 1 : 0);
        if (bump) {
            sinks.apply(result).record(new GroupEpoch(groupId, new GroupEpoch.Epoch(groupEpoch, hash)));
        }
        int targetEpoch = group.targetAssignmentEpoch();
        Map<Uuid, Set<Integer>> target = group.targetAssignment(memberId);
        if (groupEpoch > targetEpoch) {
            Map<String, Map<Uuid, Set<Integer>>> previous = new LinkedHashMap<>(group.targetAssignments());
            if (replaced != null) {
                previous.put(memberId, group.targetAssignment(replaced));
            }
            target = assigner.assign(
                            sinks.apply(result),
                            groupId,
                            view.values(),
                            previous,
                            group.targetAssignments(),
                            groupEpoch)
                    .get(memberId);
            targetEpoch = groupEpoch;
        }

        BiPredicate<Uuid, Integer> ownedByOther = (topic, partition) -> group.owner(topic, partition)
                .filter(owner -> !owner.equals(memberId) && !owner.equals(replaced))
                .isPresent();
        ConsumerMemberAssignment next =
                ConsumerReconciler.reconcile(member.assignment(), targetEpoch, target, ownedByOther, reported);
        if (stored.isEmpty() || !next.equals(stored.get().assignment())) {
            sinks.apply(result).record(new CurrentAssignment(groupId, memberId, next));
        }
        scheduleTimers(
                groupId, memberId, stored.map(ConsumerGroupMember::assignment).orElse(null), next, after);

        var response = new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(Errors.NONE.code())
                .setMemberId(memberId)
                .setMemberEpoch(next.memberEpoch())
                .setHeartbeatIntervalMs(config.heartbeatIntervalMs());
        boolean fullRequest = request.rebalanceTimeoutMs() != -1
                && (request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null)
                && request.topicPartitions() != null;
        boolean changed = stored.isEmpty()
                || !next.assignedPartitions().equals(stored.get().assignment().assignedPartitions());
        if (request.memberEpoch() == 0 || fullRequest || changed) {
            response.setAssignment(ConsumerAssignments.toResponse(next.assignedPartitions()));
        }
        return response;
    }

    private void scheduleTimers(
            String groupId,
            String memberId,
            ConsumerMemberAssignment before,
            ConsumerMemberAssignment next,
            ConsumerMemberMetadata metadata) {
        timers.schedule(
                sessionKey(groupId, memberId), config.sessionTimeoutMs(), r -> onSessionExpired(r, groupId, memberId));
        String revocation = revocationKey(groupId, memberId);
        if (next.state() != ConsumerMemberState.UNREVOKED_PARTITIONS) {
            timers.cancel(revocation);
            return;
        }
        boolean alreadyWaiting = before != null
                && before.state() == ConsumerMemberState.UNREVOKED_PARTITIONS
                && before.memberEpoch() == next.memberEpoch()
                && timers.isScheduled(revocation);
        if (!alreadyWaiting) {
            int epoch = next.memberEpoch();
            timers.schedule(
                    revocation,
                    Math.max(0, metadata.rebalanceTimeoutMs()),
                    r -> onRevocationExpired(r, groupId, memberId, epoch));
        }
    }

    private void leave(
            CoordinatorResult result,
            Optional<ConsumerGroup> found,
            ConsumerGroupHeartbeatRequestData request,
            Responder<ConsumerGroupHeartbeatResponseData> responder) {
        if (found.isEmpty()) {
            result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        ConsumerGroup group = found.get();
        String memberId = request.memberId();
        if (request.instanceId() != null) {
            Optional<String> holder = group.staticMemberId(request.instanceId());
            if (holder.isEmpty()) {
                result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
                return;
            }
            if (!holder.get().equals(memberId)) {
                result.replyError(responder, Errors.FENCED_INSTANCE_ID);
                return;
            }
        }
        Optional<ConsumerGroupMember> member = group.member(memberId);
        if (member.isEmpty()) {
            result.replyError(responder, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        if (request.memberEpoch() == LEAVE_STATIC_EPOCH) {
            // Kept with its partitions until it comes back or its session runs out.
            ConsumerMemberAssignment away = member.get().assignment().withEpoch(LEAVE_STATIC_EPOCH);
            sinks.apply(result).record(new CurrentAssignment(group.groupId(), memberId, away));
            timers.cancel(revocationKey(group.groupId(), memberId));
            timers.schedule(
                    sessionKey(group.groupId(), memberId),
                    config.sessionTimeoutMs(),
                    r -> onSessionExpired(r, group.groupId(), memberId));
        } else {
            removeMember(result, group, memberId);
        }
        result.reply(
                responder,
                new ConsumerGroupHeartbeatResponseData()
                        .setErrorCode(Errors.NONE.code())
                        .setMemberId(memberId)
                        .setMemberEpoch(request.memberEpoch()));
    }

    /** Removes the member (left, expired or fenced) and bumps the group epoch so the others rebalance. */
    void removeMember(CoordinatorResult result, ConsumerGroup group, String memberId) {
        removeRecords(result, group.groupId(), memberId);
        cancelTimers(group.groupId(), memberId);
        var remaining = group.members().stream()
                .filter(m -> !m.memberId().equals(memberId))
                .toList();
        sinks.apply(result)
                .record(new GroupEpoch(
                        group.groupId(),
                        new GroupEpoch.Epoch(group.groupEpoch() + 1, assigner.metadataHash(remaining))));
    }

    private void removeRecords(CoordinatorResult result, String groupId, String memberId) {
        ConsumerRecordSink out = sinks.apply(result);
        out.record(new CurrentAssignment(groupId, memberId, null));
        out.record(new ConsumerGroupRecord.TargetAssignment(groupId, memberId, null));
        out.record(new MemberMetadata(groupId, memberId, null));
    }

    private void onSessionExpired(CoordinatorResult result, String groupId, String memberId) {
        groups.apply(groupId)
                .filter(g -> g.member(memberId).isPresent())
                .ifPresent(g -> removeMember(result, g, memberId));
    }

    private void onRevocationExpired(CoordinatorResult result, String groupId, String memberId, int epoch) {
        groups.apply(groupId)
                .filter(g -> g.member(memberId)
                        .filter(m -> m.state() == ConsumerMemberState.UNREVOKED_PARTITIONS && m.memberEpoch() == epoch)
                        .isPresent())
                .ifPresent(g -> removeMember(result, g, memberId));
    }

    /** Forgets the timers of a member (removed, or its group unloaded). */
    void cancelTimers(String groupId, String memberId) {
        timers.cancel(sessionKey(groupId, memberId));
        timers.cancel(revocationKey(groupId, memberId));
    }

    /** Restarts the session timer of a member loaded from the log: it must heartbeat within a session. */
    void scheduleSession(String groupId, String memberId) {
        timers.schedule(
                sessionKey(groupId, memberId), config.sessionTimeoutMs(), r -> onSessionExpired(r, groupId, memberId));
    }

    static String sessionKey(String groupId, String memberId) {
        return "consumer-session:" + groupId + ":" + memberId;
    }

    static String revocationKey(String groupId, String memberId) {
        return "consumer-revocation:" + groupId + ":" + memberId;
    }
}
