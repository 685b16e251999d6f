package io.brook.broker.group;

import io.brook.broker.group.ClassicGroupMember.Protocol;
import io.brook.broker.group.GroupSnapshot.MemberSnapshot;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.Errors;

/**
 * A group speaking the classic protocol: its state, generation, selected protocol, leader and members, plus the
 * transient bookkeeping of a rebalance in progress (members awaiting their JoinGroup answer, members that still
 * owe a SyncGroup, members told MEMBER_ID_REQUIRED that have not come back yet).
 *
 * <p>What a completed generation agreed on is persisted as a {@link GroupSnapshot} and restored by
 * {@link #replay}; the rest is soft state that clients rebuild by rejoining, as with Kafka's classic protocol.
 * Invariants: the leader, when set, is a member; every static member's instance id maps to its member id; a
 * non-empty group has a protocol type. Mutable; confined to its shard's thread.
 */
final class ClassicGroup implements Group {

    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private long stateTimestampMs;
    private int generation;
    private String protocolType;
    private String protocol;
    private String leaderId;
    private final Map<String, ClassicGroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingMembers = new HashSet<>();
    private final Set<String> pendingSync = new HashSet<>();
    private boolean newMemberAdded;
    private boolean initialDelay;

    ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.stateTimestampMs = nowMs;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CLASSIC;
    }

    @Override
    public String stateName() {
        return state.displayName();
    }

    @Override
    public String protocolType() {
        return protocolType == null ? "" : protocolType;
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public long stateTimestampMs() {
        return stateTimestampMs;
    }

    ClassicGroupState state() {
        return state;
    }

    boolean is(ClassicGroupState s) {
        return state == s;
    }

    void transitionTo(ClassicGroupState next, long nowMs) {
        if (!next.validPrevious().contains(state)) {
            throw new IllegalStateException(
                    "group " + groupId + " cannot go from " + state.displayName() + " to " + next.displayName());
        }
        state = next;
        stateTimestampMs = nowMs;
    }

    int generation() {
        return generation;
    }

    String protocol() {
        return protocol;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    boolean hasMember(String memberId) {
        return memberId != null && members.containsKey(memberId);
    }

    ClassicGroupMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<ClassicGroupMember> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }

    /** The member id currently holding {@code instanceId}, if any. */
    Optional<String> staticMemberId(String instanceId) {
        return instanceId == null ? Optional.empty() : Optional.ofNullable(staticMembers.get(instanceId));
    }

    void add(ClassicGroupMember member, String memberProtocolType) {
        if (members.isEmpty()) {
            protocolType = memberProtocolType;
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.instanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        if (member.isNew()) {
            newMemberAdded = true;
        }
    }

    void remove(String memberId) {
        ClassicGroupMember removed = members.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.instanceId(), memberId);
        }
        pendingSync.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** Gives the static member holding {@code instanceId} a new member id, keeping its place and assignment. */
    void replaceStaticMember(String instanceId, String oldId, String newId) {
        ClassicGroupMember member = members.remove(oldId);
        member.memberId(newId);
        Map<String, ClassicGroupMember> reordered = new LinkedHashMap<>(members);
        members.clear();
        members.put(newId, member);
        members.putAll(reordered);
        staticMembers.put(instanceId, newId);
        if (pendingSync.remove(oldId)) {
            pendingSync.add(newId);
        }
        if (oldId.equals(leaderId)) {
            leaderId = newId;
        }
    }

    void addPending(String memberId) {
        pendingMembers.add(memberId);
    }

    boolean removePending(String memberId) {
        return pendingMembers.remove(memberId);
    }

    boolean isPending(String memberId) {
        return pendingMembers.contains(memberId);
    }

    Set<String> pendingSync() {
        return pendingSync;
    }

    boolean takeNewMemberAdded() {
        boolean added = newMemberAdded;
        newMemberAdded = false;
        return added;
    }

    /** Whether the join phase is in its initial delay, which always runs to its end. */
    boolean inInitialDelay() {
        return initialDelay;
    }

    void inInitialDelay(boolean value) {
        initialDelay = value;
    }

    /** Whether a member of {@code memberProtocolType} with these protocols may join (before any change). */
    boolean supportsProtocols(String memberProtocolType, List<Protocol> protocols) {
        if (members.isEmpty()) {
            return memberProtocolType != null && !memberProtocolType.isEmpty() && !protocols.isEmpty();
        }
        return memberProtocolType.equals(protocolType) && ProtocolSelection.anyCommon(members.values(), protocols);
    }

    /** Whether every member (and every member told to come back with its id) has sent its JoinGroup. */
    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(ClassicGroupMember::isAwaitingJoin);
    }

    /** The longest rebalance timeout of the members: how long a join phase waits for stragglers. */
    int rebalanceTimeoutMs() {
        return members.values().stream()
                .mapToInt(ClassicGroupMember::rebalanceTimeoutMs)
                .max()
                .orElse(0);
    }

    /** Makes a joined member leader if the current one has not rejoined; false if no member has joined. */
    boolean electJoinedLeader() {
        if (leaderId != null && members.get(leaderId).isAwaitingJoin()) {
            return true;
        }
        Optional<ClassicGroupMember> joined = members.values().stream()
                .filter(ClassicGroupMember::isAwaitingJoin)
                .findFirst();
        joined.ifPresent(m -> leaderId = m.memberId());
        return joined.isPresent();
    }

    /** Starts the next generation in memory: a new id and protocol, state CompletingRebalance. */
    void nextGeneration(long nowMs) {
        generation++;
        protocol = ProtocolSelection.select(members.values());
        pendingSync.clear();
        pendingSync.addAll(members.keySet());
        transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs);
    }

    /**
     * The group as a record stores it, with the given generation, and with {@code assignments} in place of the
     * members' current assignments when not null (a member missing from it gets an empty one).
     */
    GroupSnapshot snapshot(int recordGeneration, long nowMs, Map<String, byte[]> assignments) {
        String selected = members.isEmpty() ? null : protocol;
        List<MemberSnapshot> snapshots = new ArrayList<>();
        for (ClassicGroupMember m : members.values()) {
            MemberSnapshot s = m.snapshot(selected);
            if (assignments != null) {
                byte[] assigned = assignments.getOrDefault(m.memberId(), new byte[0]);
                s = new MemberSnapshot(
                        s.memberId(),
                        s.instanceId(),
                        s.clientId(),
                        s.clientHost(),
                        s.rebalanceTimeoutMs(),
                        s.sessionTimeoutMs(),
                        s.subscription(),
                        assigned);
            }
            snapshots.add(s);
        }
        return new GroupSnapshot(
                protocolType(), recordGeneration, selected, members.isEmpty() ? null : leaderId, nowMs, snapshots);
    }

    /**
     * Makes the group what the record says: its generation, protocol, leader and members with their assignments;
     * Stable with members, Empty without. Members already here keep their transient state. Used at load and after
     * every append of this group's record, so both run the same code.
     *
     * @return the members the record no longer has
     */
    List<ClassicGroupMember> replay(GroupSnapshot snapshot) {
        protocolType = snapshot.protocolType().isEmpty() ? null : snapshot.protocolType();
        generation = snapshot.generation();
        protocol = snapshot.protocol();
        Map<String, ClassicGroupMember> next = new LinkedHashMap<>();
        for (MemberSnapshot m : snapshot.members()) {
            ClassicGroupMember member = members.get(m.memberId());
            if (member == null) {
                member = ClassicGroupMember.fromSnapshot(m, protocol);
            }
            member.assignment(m.assignment());
            next.put(m.memberId(), member);
        }
        List<ClassicGroupMember> removed = new ArrayList<>();
        members.forEach((id, m) -> {
            if (!next.containsKey(id)) {
                removed.add(m);
            }
        });
        members.clear();
        members.putAll(next);
        staticMembers.clear();
        members.values().stream()
                .filter(ClassicGroupMember::isStatic)
                .forEach(m -> staticMembers.put(m.instanceId(), m.memberId()));
        leaderId = snapshot.leader() != null && members.containsKey(snapshot.leader()) ? snapshot.leader() : null;
        pendingSync.retainAll(members.keySet());
        state = members.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
        stateTimestampMs = snapshot.stateTimestampMs();
        return removed;
    }

    void markDead(long nowMs) {
        transitionTo(ClassicGroupState.DEAD, nowMs);
    }

    @Override
    public Errors validateOffsetCommit(String memberId, String instanceId, int generationId) {
        if (state == ClassicGroupState.DEAD) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        boolean standalone = generationId < 0 && (memberId == null || memberId.isEmpty()) && instanceId == null;
        if (standalone) {
            return state == ClassicGroupState.EMPTY ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        Optional<String> holder = staticMemberId(instanceId);
        if (holder.isPresent() && !holder.get().equals(memberId)) {
            return Errors.FENCED_INSTANCE_ID;
        }
        if (!hasMember(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return state == ClassicGroupState.COMPLETING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    @Override
    public Set<String> subscribedTopics() {
        Set<String> topics = new HashSet<>();
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocol == null) {
            return topics;
        }
        for (ClassicGroupMember m : members.values()) {
            try {
                Subscription s = ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(protocol)));
                topics.addAll(s.topics());
            } catch (KafkaException | IllegalArgumentException e) {
                // A member whose metadata is not a consumer subscription restricts nothing.
            }
        }
        return topics;
    }

    @Override
    public DescribedGroup describe() {
        boolean stable = state == ClassicGroupState.STABLE;
        var described = new DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(state.displayName())
                .setProtocolType(protocolType())
                .setProtocolData(stable ? protocol : "");
        if (state != ClassicGroupState.DEAD) {
            for (ClassicGroupMember m : members.values()) {
                described
                        .members()
                        .add(new DescribedGroupMember()
                                .setMemberId(m.memberId())
                                .setGroupInstanceId(m.instanceId())
                                .setClientId(m.clientId())
                                .setClientHost(m.clientHost())
                                .setMemberMetadata(stable ? m.metadata(protocol) : new byte[0])
                                .setMemberAssignment(stable ? m.assignment() : new byte[0]));
            }
        }
        return described;
    }
}
