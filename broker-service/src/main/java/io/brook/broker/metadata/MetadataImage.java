package io.brook.broker.metadata;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * An immutable picture of the cluster: brokers, topics and their partitions, indexed by topic name and id. Readers
 * take the current image and use it for a whole request, so a request sees one consistent state.
 */
public final class MetadataImage {

    private final String clusterId;
    private final int controllerId;
    private final Map<Integer, BrokerImage> brokers;
    private final Map<String, TopicImage> topicsByName;
    private final Map<Uuid, TopicImage> topicsById;

    public MetadataImage(
            String clusterId, int controllerId, Map<Integer, BrokerImage> brokers, Map<String, TopicImage> topics) {
        this.clusterId = clusterId;
        this.controllerId = controllerId;
        this.brokers = Map.copyOf(brokers);
        this.topicsByName = Map.copyOf(topics);
        Map<Uuid, TopicImage> byId = new HashMap<>();
        topics.values().forEach(t -> byId.put(t.id(), t));
        this.topicsById = Map.copyOf(byId);
    }

    public String clusterId() {
        return clusterId;
    }

    public int controllerId() {
        return controllerId;
    }

    public Map<Integer, BrokerImage> brokers() {
        return brokers;
    }

    public Map<String, TopicImage> topics() {
        return topicsByName;
    }

    public Optional<TopicImage> topic(String name) {
        return Optional.ofNullable(topicsByName.get(name));
    }

    public Optional<TopicImage> topic(Uuid id) {
        return Optional.ofNullable(topicsById.get(id));
    }

    public Collection<TopicImage> allTopics() {
        return topicsByName.values();
    }

    /** A copy of this image with the given brokers. */
    public MetadataImage withBrokers(Map<Integer, BrokerImage> newBrokers) {
        return new MetadataImage(clusterId, controllerId, newBrokers, topicsByName);
    }

    /** A copy of this image with one topic added, replaced or (when {@code topic} is null) removed. */
    public MetadataImage withTopic(String name, TopicImage topic) {
        Map<String, TopicImage> topics = new HashMap<>(topicsByName);
        if (topic == null) {
            topics.remove(name);
        } else {
            topics.put(name, topic);
        }
        return new MetadataImage(clusterId, controllerId, brokers, topics);
    }
}
