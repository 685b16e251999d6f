package io.brook.controller.control;

import io.brook.controller.quorum.MetadataQuorum;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataRecord.TopicPartitionRef;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the balance placement chose after failovers moved leaders around: on the active controller, every
 * partition led by another replica than its preferred one, while the preferred one is in sync and unfenced, is given
 * back to it (Kafka's {@code auto.leader.rebalance.enable}, without its imbalance threshold: any such partition
 * moves). Runs periodically; a round that finds nothing to do submits nothing.
 */
public final class LeaderBalancer {

    private static final Logger log = LoggerFactory.getLogger(LeaderBalancer.class);

    private final MetadataQuorum quorum;
    private final AdminOperations admin;

    public LeaderBalancer(MetadataQuorum quorum, AdminOperations admin) {
        this.quorum = quorum;
        this.admin = admin;
    }

    public void rebalance() {
        if (!quorum.isLeader()) {
            return;
        }
        List<TopicPartitionRef> partitions = movable(quorum.state());
        if (!partitions.isEmpty()) {
            log.info("Moving {} partitions back to their preferred leaders", partitions.size());
            admin.electPreferredLeaders(partitions);
        }
    }

    /** Partitions whose preferred replica is in sync, unfenced and not leading. */
    static List<TopicPartitionRef> movable(ClusterState state) {
        List<TopicPartitionRef> movable = new ArrayList<>();
        for (TopicState topic : state.topics().values()) {
            for (PartitionState p : topic.partitions()) {
                int preferred = p.preferredLeader();
                if (p.leader() != preferred && p.isr().contains(preferred) && state.isUnfenced(preferred)) {
                    movable.add(new TopicPartitionRef(topic.name(), p.partition()));
                }
            }
        }
        return movable;
    }
}
