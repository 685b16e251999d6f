package io.brook.broker.group;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A consumer group member's current assignment, as the current-assignment record stores it: its epoch, where it
 * stands in reconciliation, the partitions it may consume, and those it must still give up. A partition is owned by
 * the member from the moment it is assigned until its revocation is acknowledged, so {@link #owned} is what other
 * members must wait for.
 *
 * @param memberEpoch the member's epoch; -2 while a static member is temporarily away
 * @param previousMemberEpoch the epoch before the last change (a heartbeat that lost its response may still use it)
 */
record ConsumerMemberAssignment(
        int memberEpoch,
        int previousMemberEpoch,
        ConsumerMemberState state,
        Map<Uuid, Set<Integer>> assignedPartitions,
        Map<Uuid, Set<Integer>> partitionsPendingRevocation) {

    /** The epoch a static member reports when it leaves temporarily, keeping its assignment. */
    static final int LEAVE_STATIC_EPOCH = -2;

    /** The epoch a member reports when it leaves the group. */
    static final int LEAVE_EPOCH = -1;

    static final ConsumerMemberAssignment NONE =
            new ConsumerMemberAssignment(0, 0, ConsumerMemberState.STABLE, Map.of(), Map.of());

    ConsumerMemberAssignment {
        assignedPartitions = ConsumerAssignments.copyOf(assignedPartitions);
        partitionsPendingRevocation = ConsumerAssignments.copyOf(partitionsPendingRevocation);
    }

    /** Assigned and pending revocation together. */
    boolean owns(Uuid topic, int partition) {
        return ConsumerAssignments.contains(assignedPartitions, topic, partition)
                || ConsumerAssignments.contains(partitionsPendingRevocation, topic, partition);
    }

    ConsumerMemberAssignment withEpoch(int epoch) {
        return new ConsumerMemberAssignment(epoch, memberEpoch, state, assignedPartitions, partitionsPendingRevocation);
    }
}
