package io.brook.broker.group;

import io.brook.broker.group.ConsumerGroupRecord.CurrentAssignment;
import io.brook.broker.group.ConsumerGroupRecord.GroupEpoch;
import io.brook.broker.group.ConsumerGroupRecord.MemberMetadata;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignment;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignmentEpoch;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;

/**
 * A group speaking the consumer group protocol (KIP-848): its group epoch, its target assignment and that
 * assignment's epoch, and its members with their current assignments. The coordinator computes assignments; members
 * reconcile towards them through heartbeats.
 *
 * <p>State changes only through {@link #replay} of {@link ConsumerGroupRecord}s, at load and after each append, so
 * recovery runs the same code as normal operation. Operations read the group and produce records
 * ({@link ConsumerGroupHeartbeat}). Invariants: a partition is owned (assigned or pending revocation) by at most one
 * member; every static member's instance id maps to its member id; the target assignment epoch never exceeds the
 * group epoch. Mutable; confined to its shard's thread.
 */
final class ConsumerGroup implements Group {

    private final String groupId;
    private final Clock clock;
    private int groupEpoch;
    private long metadataHash;
    private int targetAssignmentEpoch;
    private boolean deleted;
    private long stateTimestampMs;
    private final Map<String, ConsumerGroupMember> members = new TreeMap<>();
    private final Map<String, Map<Uuid, Set<Integer>>> targetAssignment = new HashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Map<Uuid, Map<Integer, String>> owners = new HashMap<>();

    ConsumerGroup(String groupId, Clock clock) {
        this.groupId = groupId;
        this.clock = clock;
        this.stateTimestampMs = clock.millis();
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CONSUMER;
    }

    @Override
    public String stateName() {
        return state().displayName();
    }

    @Override
    public String protocolType() {
        return ClassicGroup.CONSUMER_PROTOCOL_TYPE;
    }

    @Override
    public Set<String> subscribedTopics() {
        return subscribedTopicNames();
    }

    /**
     * DescribeGroups does not describe consumer groups (ConsumerGroupDescribe does): GROUP_ID_NOT_FOUND, which the
     * handler answers below version 6 as a Dead group without error, as Kafka does.
     */
    @Override
    public DescribedGroup describe() {
        return new DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                .setErrorMessage("Group " + groupId + " is not a classic group.")
                .setGroupState(ConsumerGroupState.DEAD.displayName())
                .setProtocolType("")
                .setProtocolData("");
    }

    int groupEpoch() {
        return groupEpoch;
    }

    long metadataHash() {
        return metadataHash;
    }

    int targetAssignmentEpoch() {
        return targetAssignmentEpoch;
    }

    boolean isDeleted() {
        return deleted;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Coordinator time at which the group last became empty (or was created). */
    @Override
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    ConsumerGroupState state() {
        if (deleted) {
            return ConsumerGroupState.DEAD;
        }
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        if (groupEpoch > targetAssignmentEpoch) {
            return ConsumerGroupState.ASSIGNING;
        }
        boolean reconciled = members.values().stream()
                .allMatch(m -> m.state() == ConsumerMemberState.STABLE && m.memberEpoch() == targetAssignmentEpoch);
        return reconciled ? ConsumerGroupState.STABLE : ConsumerGroupState.RECONCILING;
    }

    Collection<ConsumerGroupMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    Optional<ConsumerGroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    Optional<String> staticMemberId(String instanceId) {
        return instanceId == null ? Optional.empty() : Optional.ofNullable(staticMembers.get(instanceId));
    }

    /** The member's target assignment (empty if it has none yet). */
    Map<Uuid, Set<Integer>> targetAssignment(String memberId) {
        return targetAssignment.getOrDefault(memberId, Map.of());
    }

    /** Every member's target assignment, by member id. */
    Map<String, Map<Uuid, Set<Integer>>> targetAssignments() {
        return Collections.unmodifiableMap(targetAssignment);
    }

    /** The member owning the partition (assigned or pending revocation), if any. */
    Optional<String> owner(Uuid topic, int partition) {
        return Optional.ofNullable(owners.getOrDefault(topic, Map.of()).get(partition));
    }

    /** Every topic name some member subscribes to, sorted. */
    Set<String> subscribedTopicNames() {
        Set<String> topics = new TreeSet<>();
        members.values().forEach(m -> topics.addAll(m.metadata().subscribedTopicNames()));
        return topics;
    }

    /** Applies one record of this group. */
    void replay(ConsumerGroupRecord record) {
        if (record instanceof GroupEpoch r) {
            deleted = r.value() == null;
            if (r.value() != null) {
                groupEpoch = r.value().epoch();
                metadataHash = r.value().metadataHash();
            }
        } else if (record instanceof TargetAssignmentEpoch r) {
            targetAssignmentEpoch = r.value() == null ? 0 : r.value();
        } else if (record instanceof TargetAssignment r) {
            if (r.value() == null) {
                targetAssignment.remove(r.memberId());
            } else {
                targetAssignment.put(r.memberId(), ConsumerAssignments.copyOf(r.value()));
            }
        } else if (record instanceof MemberMetadata r) {
            replayMetadata(r);
        } else if (record instanceof CurrentAssignment r) {
            replayAssignment(r);
        }
    }

    private void replayMetadata(MemberMetadata r) {
        ConsumerGroupMember existing = members.get(r.memberId());
        if (r.value() == null) {
            if (existing != null) {
                disown(existing);
                members.remove(r.memberId());
                if (existing.isStatic()) {
                    staticMembers.remove(existing.instanceId(), r.memberId());
                }
                if (members.isEmpty()) {
                    stateTimestampMs = clock.millis();
                }
            }
            return;
        }
        ConsumerGroupMember base = existing != null ? existing : ConsumerGroupMember.newMember(r.memberId());
        ConsumerGroupMember updated = base.withMetadata(r.value());
        members.put(r.memberId(), updated);
        if (base.isStatic()) {
            staticMembers.remove(base.instanceId(), r.memberId());
        }
        if (updated.isStatic()) {
            staticMembers.put(updated.instanceId(), r.memberId());
        }
    }

    private void replayAssignment(CurrentAssignment r) {
        ConsumerGroupMember existing = members.get(r.memberId());
        if (existing != null) {
            disown(existing);
        }
        if (r.value() == null) {
            if (existing != null) {
                members.put(r.memberId(), existing.withAssignment(ConsumerMemberAssignment.NONE));
            }
            return;
        }
        ConsumerGroupMember base = existing != null ? existing : ConsumerGroupMember.newMember(r.memberId());
        ConsumerGroupMember updated = base.withAssignment(r.value());
        members.put(r.memberId(), updated);
        own(updated);
    }

    private void own(ConsumerGroupMember member) {
        own(member.memberId(), member.assignment().assignedPartitions());
        own(member.memberId(), member.assignment().partitionsPendingRevocation());
    }

    private void own(String memberId, Map<Uuid, Set<Integer>> partitions) {
        partitions.forEach((topic, ps) -> ps.forEach(
                p -> owners.computeIfAbsent(topic, t -> new HashMap<>()).put(p, memberId)));
    }

    private void disown(ConsumerGroupMember member) {
        owners.values().forEach(byPartition -> byPartition.values().removeIf(member.memberId()::equals));
        owners.values().removeIf(Map::isEmpty);
    }

    /**
     * Whether an OffsetCommit (or an OffsetFetch that names a member) may proceed: the member epoch plays the
     * generation's part. A commit without member id and with a negative epoch comes from an admin client or a
     * consumer outside group management, and is allowed only while the group is empty.
     */
    @Override
    public Errors validateOffsetCommit(String memberId, String instanceId, int memberEpoch) {
        if (deleted) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (memberEpoch < 0 && (memberId == null || memberId.isEmpty())) {
            return members.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        ConsumerGroupMember member = memberId == null ? null : members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return memberEpoch == member.memberEpoch() ? Errors.NONE : Errors.STALE_MEMBER_EPOCH;
    }
}
