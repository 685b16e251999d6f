package io.brook.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic: id, config overrides and partitions in index order.
 *
 * @param configs the topic's overrides only; defaults are the broker's
 */
public record TopicState(String name, String id, Map<String, String> configs, List<PartitionState> partitions) {

    public static final String UNCLEAN_LEADER_ELECTION = "unclean.leader.election.enable";

    public TopicState {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }

    public boolean uncleanLeaderElection() {
        return Boolean.parseBoolean(configs.getOrDefault(UNCLEAN_LEADER_ELECTION, "false"));
    }

    TopicState withPartition(PartitionState changed) {
        List<PartitionState> next = new ArrayList<>(partitions);
        next.set(changed.partition(), changed);
        return new TopicState(name, id, configs, next);
    }

    TopicState withPartitions(List<PartitionState> next) {
        return new TopicState(name, id, configs, next);
    }

    TopicState withConfigs(Map<String, String> next) {
        return new TopicState(name, id, new TreeMap<>(next), partitions);
    }
}
