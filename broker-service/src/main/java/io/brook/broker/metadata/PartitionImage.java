package io.brook.broker.metadata;

import java.util.List;

/**
 * One partition's placement: its leader ({@code -1} when it has none), leader epoch, replicas and in-sync replicas,
 * and the partition epoch an ISR change must name. Immutable.
 */
public record PartitionImage(
        int partition, int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> isr, int partitionEpoch) {

    public PartitionImage {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** A partition whose ISR never changes (the single-node store's). */
    public PartitionImage(int partition, int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {
        this(partition, leaderId, leaderEpoch, replicas, isr, 0);
    }
}
