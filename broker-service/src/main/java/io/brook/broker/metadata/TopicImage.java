package io.brook.broker.metadata;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.internals.Topic;

/**
 * A topic as the cluster knows it. Immutable.
 *
 * @param name topic name
 * @param id topic id (KIP-516), stable for the topic's life and never reused
 * @param partitions partitions in index order
 * @param configs the topic's config overrides only (defaults are resolved by {@link TopicConfigs})
 */
public record TopicImage(String name, Uuid id, List<PartitionImage> partitions, Map<String, String> configs) {

    public TopicImage {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** Kafka's internal topics ({@code __consumer_offsets}, {@code __transaction_state}, ...), not user topics. */
    public boolean isInternal() {
        return Topic.isInternal(name);
    }
}
