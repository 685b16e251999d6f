package io.brook.controller.api.model;

import java.util.List;

/** One result per partition named (or per partition of the cluster). */
public record PreferredElectionResponse(List<PartitionElection> partitions) {

    /**
     * @param leader the leader after the election, -1 for none
     * @param error {@code NONE} (the preferred replica leads now), {@code ELECTION_NOT_NEEDED},
     *     {@code PREFERRED_LEADER_NOT_AVAILABLE} or {@code UNKNOWN_TOPIC_OR_PARTITION}
     */
    public record PartitionElection(String topic, int partition, int leader, String error) {}
}
