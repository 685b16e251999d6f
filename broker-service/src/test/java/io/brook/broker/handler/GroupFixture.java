package io.brook.broker.handler;

import io.brook.broker.group.ConsumerGroupConfig;
import io.brook.broker.group.GroupConfig;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.GroupScheduler;
import io.brook.broker.group.MetadataConsumerTopics;
import io.brook.broker.group.OffsetListener;
import io.brook.broker.group.PartitionCoordinatorLog;
import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.LocalMetadataStore;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.LogManager;
import io.brook.storage.LogManagerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A single-node broker core for the group handlers: metadata with an endpoint, {@code __consumer_offsets} with 3
 * partitions and a topic {@code orders} with 3, real logs, and a coordinator with no initial rebalance delay.
 */
final class GroupFixture implements AutoCloseable {

    static final String TOPIC = "orders";

    final LocalMetadataStore metadata;
    final GroupCoordinator coordinator;
    final Uuid topicId;
    private final LogManager logManager;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    GroupFixture(Path dir) {
        metadata = new LocalMetadataStore(dir, 1);
        logManager = new LogManager(LogManagerConfig.of(dir), Clock.systemUTC());
        var partitions = new PartitionManager(1, logManager, TopicConfigs.fromNames(Map.of()));
        partitions.startup(metadata.image());
        metadata.addListener(partitions);
        metadata.registerBroker(new BrokerImage(1, "127.0.0.1", 9092, null)).join();
        metadata.createTopic(GroupConfig.OFFSETS_TOPIC, 3, (short) -1, Map.of("cleanup.policy", "compact"), false)
                .join();
        topicId = metadata.createTopic(TOPIC, 3, (short) -1, Map.of(), false)
                .join()
                .id();
        var ids = new AtomicInteger();
        coordinator = new GroupCoordinator(
                1,
                GroupConfig.of(3, 0, 24 * 60 * 60 * 1000L).withSessionTimeouts(1000, 600_000),
                ConsumerGroupConfig.defaults(),
                new MetadataConsumerTopics(metadata::image),
                p -> partitions
                        .partition(new TopicPartition(GroupConfig.OFFSETS_TOPIC, p))
                        .map(PartitionCoordinatorLog::new),
                pool,
                GroupScheduler.of(timer),
                Clock.systemUTC(),
                () -> "id" + ids.incrementAndGet(),
                OffsetListener.NONE);
        metadata.addListener(coordinator);
        coordinator.startup(metadata.image()).join();
    }

    @Override
    public void close() {
        coordinator.close();
        timer.shutdownNow();
        pool.shutdown();
        logManager.close();
        metadata.close();
    }
}
