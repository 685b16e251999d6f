package io.brook.gateway.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live end of one topic, shared by all of its readers on this gateway: one consumer on its own
 * thread, assigned to every partition from the log end at start, appending what it reads to one
 * {@link PartitionFeed} per partition and waking the readers parked on it.
 *
 * <p>Readers wait with {@link #awaitChange(long)}: they note {@link #version()}, look at the feeds,
 * and if nothing is there wait for the version to move; a change between the look and the wait is
 * never missed because the waiter re-checks the version after registering.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long PARTITION_REFRESH_MS = 10_000;

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final int ringRecords;
    private final long ringBytes;
    private final Map<Integer, PartitionFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final Set<Sinks.Empty<Void>> waiters = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;
    private long lastPartitionRefresh;

    TopicTail(String topic, Supplier<Consumer<byte[], byte[]>> consumers, int ringRecords, long ringBytes) {
        this.topic = topic;
        this.consumer = consumers.get();
        this.ringRecords = ringRecords;
        this.ringBytes = ringBytes;
        this.thread = new Thread(this::run, "brook-tail-" + topic);
        this.thread.setDaemon(true);
    }

    /** Assigns every partition at its end and starts reading. Blocks for metadata: call off the event loop. */
    void start() {
        refreshPartitions(true);
        thread.start();
    }

    public String topic() {
        return topic;
    }

    /** The feed of {@code partition}, or {@code null} if the tail does not know the partition (yet). */
    public PartitionFeed feed(int partition) {
        return feeds.get(partition);
    }

    /** The partitions the tail reads, ascending. */
    public List<Integer> partitions() {
        return feeds.keySet().stream().sorted().toList();
    }

    /** A counter that moves whenever any feed's end moves. */
    public long version() {
        return version.get();
    }

    /** Completes once {@link #version()} differs from {@code seen} (at once if it already does). */
    public Mono<Void> awaitChange(long seen) {
        Sinks.Empty<Void> waiter = Sinks.empty();
        waiters.add(waiter);
        if (version.get() != seen || closed) {
            waiters.remove(waiter);
            return Mono.empty();
        }
        return waiter.asMono().doFinally(signal -> waiters.remove(waiter));
    }

    private void run() {
        try {
            while (!closed) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // close() woke us.
                } catch (RuntimeException e) {
                    if (!closed) {
                        log.warn("Tail of topic {} failed to poll; retrying", topic, e);
                        sleepQuietly(1_000);
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
            wakeAll();
        }
    }

    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
        boolean moved = false;
        Map<Integer, List<FeedRecord>> byPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            byPartition
                    .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(new FeedRecord(record));
        }
        for (Map.Entry<Integer, PartitionFeed> entry : feeds.entrySet()) {
            TopicPartition partition = new TopicPartition(topic, entry.getKey());
            long position = consumer.position(partition);
            List<FeedRecord> records = byPartition.getOrDefault(entry.getKey(), List.of());
            moved |= records.isEmpty()
                    ? entry.getValue().advanceTo(position)
                    : entry.getValue().append(records, position);
        }
        if (moved) {
            wakeAll();
        }
        if (System.currentTimeMillis() - lastPartitionRefresh > PARTITION_REFRESH_MS) {
            refreshPartitions(false);
        }
    }

    /** Picks up partitions added to the topic; new ones are read from their beginning. */
    private void refreshPartitions(boolean atStart) {
        lastPartitionRefresh = System.currentTimeMillis();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.size() <= feeds.size()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>();
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos) {
            TopicPartition partition = new TopicPartition(topic, info.partition());
            all.add(partition);
            if (!feeds.containsKey(info.partition())) {
                added.add(partition);
            }
        }
        consumer.assign(all);
        if (atStart) {
            consumer.seekToEnd(added);
        } else {
            consumer.seekToBeginning(added);
        }
        for (TopicPartition partition : added) {
            long position = consumer.position(partition, Duration.ofSeconds(10));
            feeds.put(
                    partition.partition(), new PartitionFeed(partition.partition(), position, ringRecords, ringBytes));
        }
        if (!atStart) {
            wakeAll();
        }
    }

    private void wakeAll() {
        version.incrementAndGet();
        for (Sinks.Empty<Void> waiter : waiters) {
            if (waiters.remove(waiter)) {
                waiter.tryEmitEmpty();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
