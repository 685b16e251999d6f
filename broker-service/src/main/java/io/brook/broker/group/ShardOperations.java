package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The requests one shard serves, each run as an operation on the shard's thread (see
 * {@link GroupCoordinatorShard}). Answers are protocol data or plain values; the handlers shape them per version.
 * Thread-safe: every method only enqueues.
 */
public final class ShardOperations {

    private final GroupCoordinatorShard shard;

    ShardOperations(GroupCoordinatorShard shard) {
        this.shard = shard;
    }

    public CompletableFuture<JoinGroupResponseData> joinGroup(
            GroupRequestContext context, JoinGroupRequestData request) {
        Responder<JoinGroupResponseData> responder = new Responder<>(ShardOperations::joinError);
        return shard.submit(responder, result -> {
            if (shard.consumerGroup(request.groupId()).isPresent()) {
                // A group id speaks one protocol: classic members cannot join a consumer group (no migration).
                result.replyError(responder, Errors.GROUP_ID_NOT_FOUND);
                return;
            }
            shard.join().join(result, context, request, responder);
        });
    }

    static JoinGroupResponseData joinError(Errors error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(null)
                .setLeader("")
                .setMemberId("");
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        Responder<SyncGroupResponseData> responder = new Responder<>(
                e -> new SyncGroupResponseData().setErrorCode(e.code()).setAssignment(new byte[0]));
        return shard.submit(
                responder,
                result -> shard.membership().sync(result, shard.classicGroup(request.groupId()), request, responder));
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(HeartbeatRequestData request) {
        Responder<HeartbeatResponseData> responder =
                new Responder<>(e -> new HeartbeatResponseData().setErrorCode(e.code()));
        return shard.submit(responder, result -> {
            Errors error = shard.membership()
                    .heartbeat(
                            shard.classicGroup(request.groupId()),
                            request.memberId(),
                            request.groupInstanceId(),
                            request.generationId());
            result.reply(responder, new HeartbeatResponseData().setErrorCode(error.code()));
        });
    }

    public CompletableFuture<LeaveGroupResponseData> leaveGroup(String groupId, List<MemberIdentity> members) {
        Responder<LeaveGroupResponseData> responder =
                new Responder<>(e -> new LeaveGroupResponseData().setErrorCode(e.code()));
        return shard.submit(
                responder,
                result -> result.reply(
                        responder, shard.membership().leave(result, shard.classicGroup(groupId), members)));
    }

    /**
     * ConsumerGroupHeartbeat (KIP-848). A group id that names a classic group with members answers
     * GROUP_ID_NOT_FOUND (no online migration); an empty classic group becomes a consumer group, keeping its
     * offsets.
     */
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            GroupRequestContext context, ConsumerGroupHeartbeatRequestData request) {
        Responder<ConsumerGroupHeartbeatResponseData> responder =
                new Responder<>(e -> new ConsumerGroupHeartbeatResponseData().setErrorCode(e.code()));
        return shard.submit(responder, result -> {
            Optional<ClassicGroup> classic = shard.classicGroup(request.groupId());
            if (classic.isPresent() && !OffsetOperations.deletable(classic.get())) {
                result.reply(
                        responder,
                        new ConsumerGroupHeartbeatResponseData()
                                .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                                .setErrorMessage("Group " + request.groupId() + " is not a consumer group."));
                return;
            }
            shard.consumerHeartbeat()
                    .heartbeat(result, shard.consumerGroup(request.groupId()), request, context, responder);
            if (classic.isPresent() && !result.records().isEmpty()) {
                // The converted group's classic metadata goes, so compaction cannot bring the classic group back.
                result.record(new ClassicGroupMetadata(request.groupId(), null));
            }
        });
    }

    /** ConsumerGroupDescribe of one group: GROUP_ID_NOT_FOUND when it does not exist or is a classic group. */
    public CompletableFuture<ConsumerGroupDescribeResponseData.DescribedGroup> consumerGroupDescribe(String groupId) {
        Responder<ConsumerGroupDescribeResponseData.DescribedGroup> responder =
                new Responder<>(e -> describeError(groupId, e, null));
        return shard.submit(responder, result -> {
            Optional<Group> group = shard.group(groupId);
            if (group.isEmpty()) {
                result.reply(
                        responder,
                        describeError(groupId, Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " not found."));
            } else if (group.get() instanceof ConsumerGroup consumer) {
                result.reply(responder, shard.consumerDescriber().describe(consumer));
            } else {
                result.reply(
                        responder,
                        describeError(
                                groupId, Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " is not a consumer group."));
            }
        });
    }

    /** A described group that carries only an error. */
    public static ConsumerGroupDescribeResponseData.DescribedGroup describeError(
            String groupId, Errors error, String message) {
        return new ConsumerGroupDescribeResponseData.DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(error.code())
                .setErrorMessage(message)
                .setGroupState("")
                .setAssignorName("");
    }

    /** Commits offsets if the group accepts the committer; one error per partition. */
    public CompletableFuture<Map<TopicPartition, Errors>> commitOffsets(OffsetCommitInput input) {
        Function<Errors, Map<TopicPartition, Errors>> all = e -> {
            Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
            input.partitions().forEach(p -> errors.put(p.partition(), e));
            return errors;
        };
        Responder<Map<TopicPartition, Errors>> responder =
                new Responder<>(e -> all.apply(e == Errors.MESSAGE_TOO_LARGE ? Errors.INVALID_COMMIT_OFFSET_SIZE : e));
        return shard.submit(responder, result -> {
            Errors error = validateCommit(input);
            if (error != Errors.NONE) {
                result.reply(responder, all.apply(error));
                return;
            }
            result.reply(
                    responder,
                    shard.offsetOperations()
                            .commit(result, input.groupId(), input.retentionMs(), input.partitions(), shard.nowMs()));
            shard.classicGroup(input.groupId())
                    .filter(g -> g.hasMember(input.memberId()))
                    .ifPresent(g -> shard.rebalancer().scheduleSession(g, g.member(input.memberId())));
        });
    }

    private Errors validateCommit(OffsetCommitInput input) {
        if (input.groupId() == null || input.groupId().isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        Optional<Group> group = shard.group(input.groupId());
        if (group.isPresent()) {
            return group.get().validateOffsetCommit(input.memberId(), input.instanceId(), input.generationId());
        }
        if (input.generationId() < 0) {
            return Errors.NONE;
        }
        return input.apiVersion() >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
    }

    /** Committed offsets of the listed partitions, or of all the group's partitions when {@code partitions} is null. */
    public CompletableFuture<Map<TopicPartition, Optional<CommittedOffset>>> fetchOffsets(
            String groupId, List<TopicPartition> partitions) {
        return fetchOffsets(groupId, partitions, null, -1);
    }

    /**
     * As {@link #fetchOffsets(String, List)}, for a member identifying itself (OffsetFetch v9+): a member of a
     * consumer group must be known (UNKNOWN_MEMBER_ID) and at its current epoch (STALE_MEMBER_EPOCH); the future
     * then fails with that error. A null member id with a negative epoch (admin clients) is not checked.
     */
    public CompletableFuture<Map<TopicPartition, Optional<CommittedOffset>>> fetchOffsets(
            String groupId, List<TopicPartition> partitions, String memberId, int memberEpoch) {
        Responder<Map<TopicPartition, Optional<CommittedOffset>>> responder = new Responder<>(e -> {
            throw e.exception();
        });
        return shard.submit(responder, result -> {
            boolean identified = (memberId != null && !memberId.isEmpty()) || memberEpoch >= 0;
            Optional<ConsumerGroup> consumer = shard.consumerGroup(groupId);
            if (identified && consumer.isPresent()) {
                Errors error = consumer.get().validateOffsetCommit(memberId, null, memberEpoch);
                if (error != Errors.NONE) {
                    result.replyError(responder, error);
                    return;
                }
            }
            result.reply(responder, shard.offsetOperations().fetch(groupId, partitions));
        });
    }

    public CompletableFuture<OffsetDeleteOutcome> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        Responder<OffsetDeleteOutcome> responder = new Responder<>(OffsetDeleteOutcome::failed);
        return shard.submit(responder, result -> {
            Optional<Group> group = shard.group(groupId);
            if (group.isEmpty()) {
                result.reply(responder, OffsetDeleteOutcome.failed(Errors.GROUP_ID_NOT_FOUND));
                return;
            }
            Group g = group.get();
            boolean consumerGroup = ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(g.protocolType());
            if (!g.isEmpty() && !consumerGroup) {
                result.reply(responder, OffsetDeleteOutcome.failed(Errors.NON_EMPTY_GROUP));
                return;
            }
            var errors = shard.offsetOperations().delete(result, g, g.subscribedTopics(), partitions);
            result.reply(responder, new OffsetDeleteOutcome(Errors.NONE, errors));
        });
    }

    public CompletableFuture<List<ListedGroup>> listGroups() {
        Responder<List<ListedGroup>> responder = new Responder<>(e -> {
            throw e.exception();
        });
        return shard.submit(
                responder,
                result -> result.reply(
                        responder,
                        shard.groups().stream()
                                .map(g -> new ListedGroup()
                                        .setGroupId(g.groupId())
                                        .setProtocolType(g.protocolType())
                                        .setGroupState(g.stateName())
                                        .setGroupType(g.type().protocolName()))
                                .toList()));
    }

    /** The group, or null when this shard has no such group. */
    public CompletableFuture<DescribedGroup> describeGroup(String groupId) {
        Responder<DescribedGroup> responder =
                new Responder<>(e -> new DescribedGroup().setGroupId(groupId).setErrorCode(e.code()));
        return shard.submit(
                responder,
                result -> result.reply(
                        responder, shard.group(groupId).map(Group::describe).orElse(null)));
    }

    /** Deletes an empty group and its offsets: NONE, GROUP_ID_NOT_FOUND or NON_EMPTY_GROUP. */
    public CompletableFuture<Errors> deleteGroup(String groupId) {
        Responder<Errors> responder = new Responder<>(e -> e);
        return shard.submit(responder, result -> {
            Optional<Group> group = shard.group(groupId);
            if (group.isEmpty()) {
                result.reply(responder, Errors.GROUP_ID_NOT_FOUND);
            } else if (!OffsetOperations.deletable(group.get())) {
                result.reply(responder, Errors.NON_EMPTY_GROUP);
            } else {
                shard.offsetOperations().deleteAll(result, groupId);
                OffsetOperations.recordDeletion(result, group.get());
                result.reply(responder, Errors.NONE);
            }
        });
    }

    /** Runs offset retention now (it also runs every {@code offsets.retention.check.interval}). */
    public CompletableFuture<Void> expireOffsets() {
        Responder<Void> responder = new Responder<>(e -> null);
        return shard.submit(responder, result -> {
            shard.expireOffsets(result);
            result.reply(responder, null);
        });
    }
}
