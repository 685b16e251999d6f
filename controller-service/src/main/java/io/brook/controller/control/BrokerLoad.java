package io.brook.controller.control;

import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.ClusterState;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How partitions are spread over one broker.
 *
 * @param replicas partitions the broker holds a replica of
 * @param preferredLeaders partitions whose preferred (first) replica it is
 * @param leaders partitions it currently leads
 */
public record BrokerLoad(int brokerId, boolean fenced, int replicas, int preferredLeaders, int leaders) {

    /** The load of every registered broker (and of any broker id an assignment names), by id. */
    public static List<BrokerLoad> of(ClusterState state) {
        Map<Integer, int[]> counts = new TreeMap<>();
        state.brokers().keySet().forEach(id -> counts.put(id, new int[3]));
        for (TopicState topic : state.topics().values()) {
            for (PartitionState p : topic.partitions()) {
                p.replicas().forEach(r -> counts.computeIfAbsent(r, id -> new int[3])[0]++);
                counts.computeIfAbsent(p.preferredLeader(), id -> new int[3])[1]++;
                if (p.hasLeader()) {
                    counts.computeIfAbsent(p.leader(), id -> new int[3])[2]++;
                }
            }
        }
        List<BrokerLoad> loads = new ArrayList<>(counts.size());
        counts.forEach((id, c) -> loads.add(new BrokerLoad(
                id, state.broker(id).map(BrokerRegistration::fenced).orElse(true), c[0], c[1], c[2])));
        loads.sort(Comparator.comparingInt(BrokerLoad::brokerId));
        return loads;
    }
}
