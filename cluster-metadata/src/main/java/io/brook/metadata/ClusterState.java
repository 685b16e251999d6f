package io.brook.metadata;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole cluster metadata at one position of the metadata log: registered brokers and topics with their
 * partitions. Immutable; {@link MetadataApplier} derives the next state from this one and a record. Serialised as
 * JSON for controller snapshots and for brokers that are too far behind to replay the log.
 *
 * @param clusterId the cluster's id, fixed when the quorum is formed
 * @param lastAppliedIndex Raft index of the last record applied (0 before any); a follower of the metadata resumes
 *     after it
 */
public record ClusterState(
        String clusterId,
        long lastAppliedIndex,
        Map<Integer, BrokerRegistration> brokers,
        Map<String, TopicState> topics) {

    public ClusterState {
        brokers = Map.copyOf(brokers);
        topics = Map.copyOf(topics);
    }

    public static ClusterState empty(String clusterId) {
        return new ClusterState(clusterId, 0, Map.of(), Map.of());
    }

    public Optional<BrokerRegistration> broker(int id) {
        return Optional.ofNullable(brokers.get(id));
    }

    public Optional<TopicState> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    public boolean isUnfenced(int brokerId) {
        BrokerRegistration broker = brokers.get(brokerId);
        return broker != null && !broker.fenced();
    }

    /** Unfenced brokers, by id. */
    public List<BrokerRegistration> unfencedBrokers() {
        return brokers.values().stream()
                .filter(b -> !b.fenced())
                .sorted((a, b) -> Integer.compare(a.id(), b.id()))
                .toList();
    }

    ClusterState atIndex(long index) {
        return new ClusterState(clusterId, index, brokers, topics);
    }

    ClusterState withBroker(BrokerRegistration broker) {
        Map<Integer, BrokerRegistration> next = new HashMap<>(brokers);
        next.put(broker.id(), broker);
        return new ClusterState(clusterId, lastAppliedIndex, next, topics);
    }

    /** With {@code topic} added or replaced, or removed when null. */
    ClusterState withTopic(String name, TopicState topic) {
        Map<String, TopicState> next = new HashMap<>(topics);
        if (topic == null) {
            next.remove(name);
        } else {
            next.put(name, topic);
        }
        return new ClusterState(clusterId, lastAppliedIndex, brokers, next);
    }

    ClusterState withTopics(Map<String, TopicState> next) {
        return new ClusterState(clusterId, lastAppliedIndex, brokers, next);
    }
}
