package io.brook.broker.partition;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataListener;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import io.brook.broker.replica.FollowerRegistry;
import io.brook.storage.LogConfig;
import io.brook.storage.LogManager;
import io.brook.storage.PartitionLog;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the partitions this broker holds in step with the metadata: creates their logs when a topic or partition
 * appears, applies config changes, deletes logs of deleted topics. A partition led here is a {@link Partition}; one
 * followed here (a replica with another leader, or none yet) goes to the {@link FollowerRegistry}, which replicates
 * it from its leader. A change of role hands the log from one to the other: a new leader stops fetching first, a
 * resigning leader fails its waiting acks=all appends first.
 *
 * <p>Threading: metadata changes arrive one at a time, in commit order (the store serialises them); lookups are
 * lock-free on a concurrent map and may run on any thread.
 */
public final class PartitionManager implements MetadataListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final TopicConfigs topicConfigs;
    private final boolean replicated;
    private final LongSupplier clockMs;
    private volatile FollowerRegistry followers = FollowerRegistry.NONE;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Set<TopicPartition> followed = ConcurrentHashMap.newKeySet();

    /** A single node's partitions: no replication, the high watermark is the log end. */
    public PartitionManager(int brokerId, LogManager logManager, TopicConfigs topicConfigs) {
        this(brokerId, logManager, topicConfigs, false, System::currentTimeMillis);
    }

    public PartitionManager(
            int brokerId, LogManager logManager, TopicConfigs topicConfigs, boolean replicated, LongSupplier clockMs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.topicConfigs = topicConfigs;
        this.replicated = replicated;
        this.clockMs = clockMs;
    }

    /** Set before {@link #startup}: where followed partitions go. */
    public void setFollowerRegistry(FollowerRegistry registry) {
        this.followers = registry;
    }

    /** The partitions led here, for the ISR checks. */
    public Collection<Partition> ledPartitions() {
        return partitions.values();
    }

    /** Opens the logs on disk (recovering them if needed), then takes up the partitions the image assigns. */
    public synchronized void startup(MetadataImage image) {
        logManager.startup(topic -> image.topic(topic)
                .map(t -> topicConfigs.toLogConfig(t.configs()))
                .orElseGet(() -> topicConfigs.toLogConfig(Map.of())));
        for (PartitionLog partitionLog : logManager.allLogs()) {
            TopicPartition tp = partitionLog.topicPartition();
            boolean known = image.topic(tp.topic())
                    .map(t -> tp.partition() < t.partitionCount())
                    .orElse(false);
            if (!known) {
                log.warn("Deleting log {} of a topic partition the metadata does not know", tp);
                logManager.deleteLog(tp);
            }
        }
        onMetadataChange(null, image);
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /**
     * Roles change in an order that never lets two writers touch one log: partitions no longer led here resign
     * (their waiting acks=all appends fail, new appends are refused) before anything follows them, and partitions
     * led here stop being fetched before they lead.
     */
    @Override
    public synchronized void onMetadataChange(MetadataImage previous, MetadataImage current) {
        Map<TopicPartition, PartitionImage> toLead = new HashMap<>();
        Map<TopicPartition, PartitionImage> toFollow = new HashMap<>();
        Map<TopicPartition, TopicImage> topicOf = new HashMap<>();
        for (TopicImage topic : current.allTopics()) {
            for (PartitionImage p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                if (p.leaderId() == brokerId) {
                    toLead.put(tp, p);
                } else if (p.replicas().contains(brokerId)) {
                    toFollow.put(tp, p);
                } else {
                    continue;
                }
                topicOf.put(tp, topic);
            }
        }
        for (TopicPartition tp : Set.copyOf(partitions.keySet())) {
            if (!toLead.containsKey(tp)) {
                partitions.remove(tp).resign();
            }
        }
        for (TopicPartition tp : Set.copyOf(followed)) {
            if (!toFollow.containsKey(tp)) {
                followed.remove(tp);
                followers.unfollow(tp);
            }
        }
        for (var entry : topicOf.entrySet()) {
            TopicPartition tp = entry.getKey();
            TopicImage topic = entry.getValue();
            LogConfig config = topicConfigs.toLogConfig(topic.configs());
            PartitionLog partitionLog = logManager.getOrCreateLog(tp, config);
            boolean configChanged = previous != null
                    && previous.topic(topic.name())
                            .map(b -> !b.configs().equals(topic.configs()))
                            .orElse(false);
            if (configChanged) {
                partitionLog.updateConfig(config);
            }
            if (toLead.containsKey(tp)) {
                lead(tp, topic, toLead.get(tp), partitionLog, topicConfigs.minInsyncReplicas(topic.configs()));
            } else {
                follow(tp, toFollow.get(tp), partitionLog);
            }
        }
        for (PartitionLog partitionLog : logManager.allLogs()) {
            TopicPartition tp = partitionLog.topicPartition();
            if (current.topic(tp.topic()).isEmpty() && !topicOf.containsKey(tp)) {
                logManager.deleteLog(tp);
            }
        }
    }

    private void lead(TopicPartition tp, TopicImage topic, PartitionImage p, PartitionLog partitionLog, int minIsr) {
        var leadership = new Partition.Leadership(p.leaderEpoch(), p.replicas(), p.isr(), p.partitionEpoch(), minIsr);
        Partition existing = partitions.get(tp);
        if (existing != null) {
            existing.updateLeadership(leadership);
            return;
        }
        partitions.put(tp, new Partition(tp, topic.id(), partitionLog, leadership, brokerId, replicated, clockMs));
        log.debug("Broker {} leads {} at epoch {}", brokerId, tp, p.leaderEpoch());
    }

    private void follow(TopicPartition tp, PartitionImage p, PartitionLog partitionLog) {
        followed.add(tp);
        followers.follow(tp, partitionLog, p.leaderId(), p.leaderEpoch());
    }
}
