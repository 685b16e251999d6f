package io.brook.metadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;

/**
 * Chooses replicas for new partitions so that replicas and preferred leaders spread evenly over the unfenced
 * brokers, and a partition's replicas over distinct racks where racks are given.
 *
 * <p>Greedy over the current load: each new partition's preferred leader is the broker leading the fewest
 * partitions (then holding the fewest replicas, then the lowest id); each further replica is, among brokers not yet
 * chosen for it, one on a rack the partition does not use yet, holding the fewest replicas. Counts include the
 * partitions placed so far, so one large topic spreads as evenly as many small ones. Deterministic.
 */
public final class ReplicaPlacer {

    private ReplicaPlacer() {}

    /**
     * @throws InvalidReplicationFactorException if fewer than {@code replicationFactor} brokers are unfenced
     */
    public static List<List<Integer>> place(ClusterState state, int partitions, int replicationFactor) {
        List<BrokerRegistration> brokers = state.unfencedBrokers();
        if (replicationFactor < 1 || replicationFactor > brokers.size()) {
            throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokers.size() + ".");
        }
        Map<Integer, Integer> replicaCount = new HashMap<>();
        Map<Integer, Integer> leaderCount = new HashMap<>();
        for (TopicState topic : state.topics().values()) {
            for (PartitionState p : topic.partitions()) {
                leaderCount.merge(p.preferredLeader(), 1, Integer::sum);
                p.replicas().forEach(r -> replicaCount.merge(r, 1, Integer::sum));
            }
        }
        Comparator<BrokerRegistration> byReplicas = Comparator.comparingInt(b -> replicaCount.getOrDefault(b.id(), 0));
        Comparator<BrokerRegistration> byLeaders = Comparator.<BrokerRegistration>comparingInt(
                        b -> leaderCount.getOrDefault(b.id(), 0))
                .thenComparing(byReplicas)
                .thenComparingInt(BrokerRegistration::id);

        List<List<Integer>> assignments = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            List<BrokerRegistration> chosen = new ArrayList<>(replicationFactor);
            chosen.add(brokers.stream().min(byLeaders).orElseThrow());
            while (chosen.size() < replicationFactor) {
                Set<String> usedRacks = new HashSet<>();
                chosen.forEach(b -> usedRacks.add(b.rack()));
                chosen.add(brokers.stream()
                        .filter(b -> !chosen.contains(b))
                        .min(Comparator.<BrokerRegistration>comparingInt(
                                        b -> b.rack() != null && usedRacks.contains(b.rack()) ? 1 : 0)
                                .thenComparing(byReplicas)
                                .thenComparingInt(BrokerRegistration::id))
                        .orElseThrow());
            }
            leaderCount.merge(chosen.get(0).id(), 1, Integer::sum);
            chosen.forEach(b -> replicaCount.merge(b.id(), 1, Integer::sum));
            assignments.add(chosen.stream().map(BrokerRegistration::id).toList());
        }
        return assignments;
    }
}
