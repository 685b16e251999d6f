package io.brook.broker.metadata;

import java.util.List;

/** One partition's placement: its leader, leader epoch, replicas and in-sync replicas. Immutable. */
public record PartitionImage(int partition, int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {

    public PartitionImage {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
