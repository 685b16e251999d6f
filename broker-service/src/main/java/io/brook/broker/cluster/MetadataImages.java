package io.brook.broker.cluster;

import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicImage;
import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.ClusterState;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * The broker's view of a {@link ClusterState}: unfenced brokers only (clients must not be sent to a fenced one),
 * and this broker as the "controller" clients send admin requests to, since every broker hands them on to the
 * quorum.
 */
final class MetadataImages {

    private MetadataImages() {}

    static MetadataImage of(ClusterState state, int selfId) {
        Map<Integer, BrokerImage> brokers = new HashMap<>();
        for (BrokerRegistration b : state.brokers().values()) {
            if (!b.fenced()) {
                brokers.put(b.id(), new BrokerImage(b.id(), b.host(), b.port(), b.rack()));
            }
        }
        Map<String, TopicImage> topics = new HashMap<>();
        for (TopicState t : state.topics().values()) {
            topics.put(t.name(), topic(t));
        }
        return new MetadataImage(state.clusterId(), selfId, brokers, topics);
    }

    static TopicImage topic(TopicState t) {
        return new TopicImage(
                t.name(),
                Uuid.fromString(t.id()),
                t.partitions().stream().map(MetadataImages::partition).toList(),
                t.configs());
    }

    private static PartitionImage partition(PartitionState p) {
        return new PartitionImage(
                p.partition(), p.leader(), p.leaderEpoch(), p.replicas(), p.isr(), p.partitionEpoch());
    }
}
