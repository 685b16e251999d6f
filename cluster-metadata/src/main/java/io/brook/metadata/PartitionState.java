package io.brook.metadata;

import java.util.List;

/**
 * One partition's replication state.
 *
 * @param partition partition index
 * @param replicas assigned replicas, the preferred leader first
 * @param isr in-sync replicas, a subset of {@code replicas}; never empty (when the last member is fenced it stays,
 *     so that it, and only it, can lead again without losing acknowledged records)
 * @param leader leader broker id, or {@link #NO_LEADER}
 * @param leaderEpoch bumped whenever the leader changes; fences stale leaders and stale fetches
 * @param partitionEpoch bumped on every change; an ISR change must name the epoch it was computed from
 */
public record PartitionState(
        int partition, List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, int partitionEpoch) {

    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public int preferredLeader() {
        return replicas.get(0);
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }

    PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(partition, replicas, newIsr, leader, leaderEpoch, partitionEpoch + 1);
    }

    /** A new leader (and ISR): the leader epoch moves on even when the partition goes leaderless. */
    PartitionState withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionState(partition, replicas, newIsr, newLeader, leaderEpoch + 1, partitionEpoch + 1);
    }
}
