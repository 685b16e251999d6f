package io.brook.metadata;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * An entry of the metadata log. The controller quorum orders records with Raft; every controller and every broker
 * applies the same committed records in the same order with {@link MetadataApplier}, so they all reach the same
 * {@link ClusterState}.
 *
 * <p>A record carries the preconditions it was computed under (broker epoch, leader epoch, partition epoch); the
 * applier checks them against the state at the record's position and turns a stale record into a no-op with an
 * error. So a record may be proposed from a view that is already out of date without ever corrupting the state.
 *
 * <p>JSON, with the record's kind in {@code "type"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MetadataRecord.RegisterBroker.class, name = "RegisterBroker"),
    @JsonSubTypes.Type(value = MetadataRecord.FenceBroker.class, name = "FenceBroker"),
    @JsonSubTypes.Type(value = MetadataRecord.UnfenceBroker.class, name = "UnfenceBroker"),
    @JsonSubTypes.Type(value = MetadataRecord.CreateTopic.class, name = "CreateTopic"),
    @JsonSubTypes.Type(value = MetadataRecord.DeleteTopic.class, name = "DeleteTopic"),
    @JsonSubTypes.Type(value = MetadataRecord.CreatePartitions.class, name = "CreatePartitions"),
    @JsonSubTypes.Type(value = MetadataRecord.ReplaceTopicConfigs.class, name = "ReplaceTopicConfigs"),
    @JsonSubTypes.Type(value = MetadataRecord.AlterPartition.class, name = "AlterPartition"),
    @JsonSubTypes.Type(value = MetadataRecord.ElectPreferredLeaders.class, name = "ElectPreferredLeaders"),
})
public sealed interface MetadataRecord {

    /**
     * A broker process announces itself. A new incarnation of a known broker fences the old one first (its
     * partitions get new leaders) and registers fenced with the record's index as its epoch.
     */
    record RegisterBroker(int brokerId, String incarnationId, String host, int port, String rack)
            implements MetadataRecord {}

    /** The broker missed its session timeout or shut down: it leads nothing and leaves every ISR it can. */
    record FenceBroker(int brokerId, long brokerEpoch) implements MetadataRecord {}

    /** The broker has caught up with the metadata; leaderless partitions whose ISR holds it get it as leader. */
    record UnfenceBroker(int brokerId, long brokerEpoch) implements MetadataRecord {}

    /** @param assignments replicas of each new partition, preferred leader first */
    record CreateTopic(String name, String topicId, Map<String, String> configs, List<List<Integer>> assignments)
            implements MetadataRecord {}

    record DeleteTopic(String name) implements MetadataRecord {}

    /** @param assignments replicas of each added partition, in index order after the existing ones */
    record CreatePartitions(String topic, int expectedCount, List<List<Integer>> assignments)
            implements MetadataRecord {}

    record ReplaceTopicConfigs(String topic, Map<String, String> configs) implements MetadataRecord {}

    /** A leader changes the ISR of one of its partitions (shrink on lag, expand on catch-up). */
    record AlterPartition(
            String topic,
            int partition,
            int leaderId,
            long brokerEpoch,
            int leaderEpoch,
            int partitionEpoch,
            List<Integer> newIsr)
            implements MetadataRecord {}

    /** Moves leadership back to each partition's preferred replica where it is in sync and unfenced. */
    record ElectPreferredLeaders(List<TopicPartitionRef> partitions) implements MetadataRecord {}

    /** A topic name and partition index, as records name them. */
    record TopicPartitionRef(String topic, int partition) {}
}
