package io.brook.gateway.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * <p>When nothing moves for a tick (half the heartbeat interval) the tail wakes its readers
 * anyway, which is how idle SSE streams get their heartbeats without a timer each.
 *
 * <p>Readers wait with {@link #awaitChange(long, Executor)}: they note {@link #version()}, look at the feeds,
 * and if nothing is there wait for the version to move; a change between the look and the wait is
 * never missed because the waiter re-checks the version after registering.
 */
public final class TopicTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);
    private static final long MAX_POLL_MILLIS = 500;
    private static final long PARTITION_REFRESH_MS = 10_000;

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final int ringRecords;
    private final long ringBytes;
    private final Map<Integer, PartitionFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    /** Parked one-shot readers, grouped by the executor each wants to be woken on. */
    private final Map<Executor, Set<Sinks.Empty<Void>>> waiters = new ConcurrentHashMap<>();
    /**
     * Long-lived readers (SSE streams), told of every change on their executor. An array per
     * executor, copied on the rare add or remove: telling thousands of streams of a change walks it
     * straight, without a hash set's node per stream.
     */
    private final Map<Executor, List<ChangeListener>> listeners = new ConcurrentHashMap<>();

    private final Thread thread;
    private final long tickMillis;
    private volatile boolean closed;
    private long lastPartitionRefresh;
    private long lastWake = System.currentTimeMillis();

    /**
     * @param tick idle time after which waiting readers are woken anyway (they send heartbeats), so
     *     no reader needs a timer of its own
     */
    TopicTail(
            String topic,
            Supplier<Consumer<byte[], byte[]>> consumers,
            int ringRecords,
            long ringBytes,
            Duration tick) {
        this.topic = topic;
        this.consumer = consumers.get();
        this.ringRecords = ringRecords;
        this.ringBytes = ringBytes;
        this.tickMillis = Math.max(10, tick.toMillis());
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

    /**
     * Completes once {@link #version()} differs from {@code seen} (at once if it already does), on
     * {@code wakeOn}. Readers pass the event loop of their connection, so that the wake-up, the read
     * and the write all happen on that loop: one task per loop and record instead of one per reader.
     */
    public Mono<Void> awaitChange(long seen, Executor wakeOn) {
        Sinks.Empty<Void> waiter = Sinks.empty();
        Set<Sinks.Empty<Void>> parked = waiters.computeIfAbsent(wakeOn, executor -> ConcurrentHashMap.newKeySet());
        parked.add(waiter);
        if (version.get() != seen || closed) {
            parked.remove(waiter);
            return Mono.empty();
        }
        return waiter.asMono().doOnCancel(() -> parked.remove(waiter));
    }

    /** A long-lived reader told of every change of the tail. */
    public interface ChangeListener {
        /** The tail moved (or an idle tick passed); runs on the executor given to {@link #listen}. */
        void onChange();
    }

    /**
     * Tells {@code listener} of every change on {@code executor} until the returned handle is
     * closed. Registering once costs nothing per change, unlike a one-shot wait per step; all
     * listeners of one executor are told in one task.
     */
    public AutoCloseable listen(ChangeListener listener, Executor executor) {
        List<ChangeListener> group = listeners.computeIfAbsent(executor, e -> new CopyOnWriteArrayList<>());
        group.add(listener);
        return () -> group.remove(listener);
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
        ConsumerRecords<byte[], byte[]> polled =
                consumer.poll(Duration.ofMillis(Math.min(MAX_POLL_MILLIS, tickMillis)));
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
        if (moved || System.currentTimeMillis() - lastWake >= tickMillis) {
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
        lastWake = System.currentTimeMillis();
        version.incrementAndGet();
        for (Map.Entry<Executor, List<ChangeListener>> group : listeners.entrySet()) {
            List<ChangeListener> members = group.getValue();
            if (members.isEmpty()) {
                continue;
            }
            Runnable tell = () -> members.forEach(ChangeListener::onChange);
            try {
                group.getKey().execute(tell);
            } catch (RejectedExecutionException shuttingDown) {
                // The executor is gone with its connections.
            }
        }
        for (Map.Entry<Executor, Set<Sinks.Empty<Void>>> group : waiters.entrySet()) {
            Set<Sinks.Empty<Void>> parked = group.getValue();
            if (parked.isEmpty()) {
                continue;
            }
            List<Sinks.Empty<Void>> woken = new ArrayList<>(parked.size());
            for (Sinks.Empty<Void> waiter : parked) {
                if (parked.remove(waiter)) {
                    woken.add(waiter);
                }
            }
            try {
                group.getKey().execute(() -> woken.forEach(Sinks.Empty::tryEmitEmpty));
            } catch (RejectedExecutionException shuttingDown) {
                woken.forEach(Sinks.Empty::tryEmitEmpty);
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
