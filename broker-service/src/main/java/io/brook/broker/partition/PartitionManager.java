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
import java.util.HashSet;
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

    @Override
    public synchronized void onMetadataChange(MetadataImage previous, MetadataImage current) {
        Set<TopicPartition> led = new HashSet<>();
        Set<TopicPartition> following = new HashSet<>();
        for (TopicImage topic : current.allTopics()) {
            LogConfig config = topicConfigs.toLogConfig(topic.configs());
            int minIsr = topicConfigs.minInsyncReplicas(topic.configs());
            Optional<TopicImage> before = previous == null ? Optional.empty() : previous.topic(topic.name());
            boolean configChanged =
                    before.map(b -> !b.configs().equals(topic.configs())).orElse(false);
            for (PartitionImage p : topic.partitions()) {
                if (p.leaderId() != brokerId && !p.replicas().contains(brokerId)) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                PartitionLog partitionLog = logManager.getOrCreateLog(tp, config);
                if (configChanged) {
                    partitionLog.updateConfig(config);
                }
                if (p.leaderId() == brokerId) {
                    led.add(tp);
                    lead(tp, topic, p, partitionLog, minIsr);
                } else {
                    following.add(tp);
                    follow(tp, p, partitionLog);
                }
            }
        }
        for (TopicPartition tp : Set.copyOf(partitions.keySet())) {
            if (!led.contains(tp)) {
                partitions.remove(tp).resign();
            }
        }
        for (TopicPartition tp : Set.copyOf(followed)) {
            if (!following.contains(tp)) {
                followed.remove(tp);
                if (!led.contains(tp)) {
                    followers.unfollow(tp);
                }
            }
        }
        for (PartitionLog partitionLog : logManager.allLogs()) {
            TopicPartition tp = partitionLog.topicPartition();
            if (current.topic(tp.topic()).isEmpty() && !led.contains(tp) && !following.contains(tp)) {
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
        if (followed.remove(tp)) {
            followers.unfollow(tp);
        }
        partitions.put(tp, new Partition(tp, topic.id(), partitionLog, leadership, brokerId, replicated, clockMs));
        log.debug("Broker {} leads {} at epoch {}", brokerId, tp, p.leaderEpoch());
    }

    private void follow(TopicPartition tp, PartitionImage p, PartitionLog partitionLog) {
        followed.add(tp);
        followers.follow(tp, partitionLog, p.leaderId(), p.leaderEpoch());
    }
}
