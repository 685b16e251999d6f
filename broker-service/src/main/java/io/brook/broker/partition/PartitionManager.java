package io.brook.broker.partition;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataListener;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import io.brook.storage.LogConfig;
import io.brook.storage.LogManager;
import io.brook.storage.PartitionLog;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the set of partitions this broker leads in step with the metadata: creates their logs when a topic or
 * partition appears, applies config changes, deletes logs of deleted topics.
 *
 * <p>Threading: metadata changes arrive one at a time, in commit order (the store serialises them); lookups are
 * lock-free on a concurrent map and may run on any thread.
 */
public final class PartitionManager implements MetadataListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final TopicConfigs topicConfigs;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    public PartitionManager(int brokerId, LogManager logManager, TopicConfigs topicConfigs) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.topicConfigs = topicConfigs;
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
        Set<TopicPartition> assigned = new HashSet<>();
        for (TopicImage topic : current.allTopics()) {
            LogConfig config = topicConfigs.toLogConfig(topic.configs());
            int minIsr = topicConfigs.minInsyncReplicas(topic.configs());
            Optional<TopicImage> before = previous == null ? Optional.empty() : previous.topic(topic.name());
            boolean configChanged =
                    before.map(b -> !b.configs().equals(topic.configs())).orElse(false);
            for (PartitionImage p : topic.partitions()) {
                if (p.leaderId() != brokerId) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                assigned.add(tp);
                var leadership = new Partition.Leadership(p.leaderEpoch(), p.isr(), minIsr);
                Partition existing = partitions.get(tp);
                if (existing == null) {
                    PartitionLog partitionLog = logManager.getOrCreateLog(tp, config);
                    partitions.put(tp, new Partition(tp, topic.id(), partitionLog, leadership));
                } else {
                    existing.updateLeadership(leadership);
                    if (configChanged) {
                        existing.log().updateConfig(config);
                    }
                }
            }
        }
        for (TopicPartition tp : Set.copyOf(partitions.keySet())) {
            if (!assigned.contains(tp)) {
                partitions.remove(tp);
                boolean topicGone = current.topic(tp.topic()).isEmpty();
                if (topicGone) {
                    logManager.deleteLog(tp);
                }
            }
        }
    }
}
