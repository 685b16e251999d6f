package io.brook.broker.group;

import io.brook.broker.execution.SerialExecutor;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataListener;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of this broker: routes each group id to the {@link GroupCoordinatorShard} of its
 * {@code __consumer_offsets} partition ({@code abs(groupId.hashCode()) % partitions}), and keeps one shard per
 * offsets partition this broker leads, following partition leadership: {@link #onBecomeLeader} loads a shard from
 * the partition's log, {@link #onResign} drops it. Both are driven by metadata changes.
 *
 * <p>Threading: thread-safe. Routing reads a concurrent map; each shard serialises its own work on a
 * {@link SerialExecutor} over the shared {@code pool}; metadata changes arrive one at a time from the store.
 */
public final class GroupCoordinator implements MetadataListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    private final int brokerId;
    private final GroupConfig config;
    private final ConsumerGroupConfig consumerConfig;
    private final ConsumerTopics topics;
    private final IntFunction<Optional<CoordinatorLog>> offsetsLogs;
    private final Executor pool;
    private final GroupScheduler scheduler;
    private final Clock clock;
    private final Supplier<String> memberIds;
    private final OffsetListener offsetListener;
    private final Map<Integer, GroupCoordinatorShard> shards = new ConcurrentHashMap<>();
    private volatile int partitionCount;

    /**
     * @param offsetsLogs the log of an offsets partition this broker leads, by partition index
     * @param consumerConfig the consumer group protocol's settings
     * @param topics the cluster's topics as consumer groups see them ({@link MetadataConsumerTopics})
     * @param pool threads the shards run on
     * @param memberIds the unique part of new member ids (a random UUID in production)
     */
    public GroupCoordinator(
            int brokerId,
            GroupConfig config,
            ConsumerGroupConfig consumerConfig,
            ConsumerTopics topics,
            IntFunction<Optional<CoordinatorLog>> offsetsLogs,
            Executor pool,
            GroupScheduler scheduler,
            Clock clock,
            Supplier<String> memberIds,
            OffsetListener offsetListener) {
        this.brokerId = brokerId;
        this.config = config;
        this.consumerConfig = consumerConfig;
        this.topics = topics;
        this.offsetsLogs = offsetsLogs;
        this.pool = pool;
        this.scheduler = scheduler;
        this.clock = clock;
        this.memberIds = memberIds;
        this.offsetListener = offsetListener;
        this.partitionCount = config.offsetsTopicPartitions();
    }

    /** The offsets partition that owns {@code groupId}. */
    public int partitionFor(String groupId) {
        return Utils.abs(groupId.hashCode()) % partitionCount;
    }

    /** The shard serving {@code groupId}, if this broker leads its partition (it may still be loading). */
    public Optional<ShardOperations> shardFor(String groupId) {
        return Optional.ofNullable(shards.get(partitionFor(groupId == null ? "" : groupId)))
                .map(GroupCoordinatorShard::operations);
    }

    /**
     * Runs {@code operation} on the group's shard, or answers NOT_COORDINATOR when it is not hosted here (an
     * {@code error} function that throws fails the returned future instead).
     */
    public <R> CompletableFuture<R> route(
            String groupId, Function<ShardOperations, CompletableFuture<R>> operation, Function<Errors, R> error) {
        Optional<ShardOperations> shard = shardFor(groupId);
        if (shard.isPresent()) {
            return operation.apply(shard.get());
        }
        try {
            return CompletableFuture.completedFuture(error.apply(Errors.NOT_COORDINATOR));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Every shard hosted here. */
    public List<ShardOperations> allShards() {
        return shards.values().stream().map(GroupCoordinatorShard::operations).toList();
    }

    /** Takes up the offsets partitions {@code image} assigns to this broker; completes once all are loaded. */
    public CompletableFuture<Void> startup(MetadataImage image) {
        return CompletableFuture.allOf(reconcile(image).toArray(CompletableFuture[]::new));
    }

    @Override
    public void onMetadataChange(MetadataImage previous, MetadataImage current) {
        reconcile(current);
    }

    private synchronized List<CompletableFuture<Void>> reconcile(MetadataImage image) {
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        Optional<TopicImage> topic = image.topic(GroupConfig.OFFSETS_TOPIC);
        Set<Integer> led = new HashSet<>();
        if (topic.isPresent()) {
            partitionCount = topic.get().partitionCount();
            for (PartitionImage p : topic.get().partitions()) {
                if (p.leaderId() == brokerId) {
                    led.add(p.partition());
                }
            }
        }
        for (int p : led) {
            if (!shards.containsKey(p)) {
                loads.add(onBecomeLeader(p));
            }
        }
        for (int p : Set.copyOf(shards.keySet())) {
            if (!led.contains(p)) {
                onResign(p);
            }
        }
        return loads;
    }

    /** This broker now leads offsets partition {@code partition}: load its groups and serve them. */
    public synchronized CompletableFuture<Void> onBecomeLeader(int partition) {
        Optional<CoordinatorLog> partitionLog = offsetsLogs.apply(partition);
        if (partitionLog.isEmpty()) {
            log.warn("Offsets partition {} is led here but has no log; its groups stay unavailable", partition);
            return CompletableFuture.completedFuture(null);
        }
        var shard = new GroupCoordinatorShard(
                partition,
                partitionLog.get(),
                new SerialExecutor(pool, "group coordinator shard " + partition),
                scheduler,
                clock,
                config,
                consumerConfig,
                topics,
                memberIds,
                offsetListener);
        shards.put(partition, shard);
        return shard.load();
    }

    /** Another broker now leads offsets partition {@code partition}: stop serving its groups here. */
    public synchronized void onResign(int partition) {
        GroupCoordinatorShard shard = shards.remove(partition);
        if (shard != null) {
            shard.close();
        }
    }

    @Override
    public synchronized void close() {
        for (int p : Set.copyOf(shards.keySet())) {
            onResign(p);
        }
    }
}
