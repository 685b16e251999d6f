package io.brook.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Child-JVM main of the group consume measurement: several consumers, one thread each, in one consumer group
 * (classic protocol, {@code subscribe}), read a whole topic from the beginning between them, then the JVM prints a
 * {@link ResultLine}.
 *
 * <p>As in {@link ConsumeClient}, a first pass over a warm-up topic of the same shape (a group of its own) compiles
 * the fetch path and is not measured. The timed pass runs from the first {@code poll} of any member to the moment
 * every partition has been read up to the end offset it had when the pass began, so it includes the group join and
 * any rebalance while members arrive, as an application starting up would see. A record read twice (a partition
 * moving between members before its position was committed) is counted once for the rate and reported as a
 * duplicate. Exits non-zero (uncaught exception) if the records do not arrive in time.
 *
 * <p>Arguments: {@code <bootstrap-servers> <partitions> <timeout-ms> <topic> <records> <warmup-topic>
 * <warmup-records> <members> <group-id-prefix>}; a warm-up of 0 records skips the first pass.
 */
public final class GroupConsumeClient {

    private static final Duration POLL = Duration.ofMillis(500);

    private GroupConsumeClient() {}

    /** What one pass read. */
    record Pass(long records, long valueBytes, long elapsedNanos, long duplicates) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            throw new IllegalArgumentException("usage: GroupConsumeClient <bootstrap-servers> <partitions> <timeout-ms>"
                    + " <topic> <records> <warmup-topic> <warmup-records> <members> <group-id-prefix>");
        }
        String bootstrapServers = args[0];
        int partitions = Integer.parseInt(args[1]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        String topic = args[3];
        long records = Long.parseLong(args[4]);
        String warmupTopic = args[5];
        long warmupRecords = Long.parseLong(args[6]);
        int members = Integer.parseInt(args[7]);
        String groupPrefix = args[8];

        if (warmupRecords > 0) {
            readAll(
                    bootstrapServers,
                    warmupTopic,
                    partitions,
                    warmupRecords,
                    members,
                    groupPrefix + "-warmup",
                    timeout);
        }
        Pass pass = readAll(bootstrapServers, topic, partitions, records, members, groupPrefix + "-timed", timeout);

        Map<String, Long> result = new LinkedHashMap<>();
        result.put("records", pass.records());
        result.put("valueBytes", pass.valueBytes());
        result.put("elapsedNanos", pass.elapsedNanos());
        result.put("warmupRecords", warmupRecords);
        result.put("duplicates", pass.duplicates());
        System.out.println(ResultLine.format(result));
    }

    /** {@code members} consumers in group {@code groupId} read {@code expected} records of {@code topic}. */
    static Pass readAll(
            String bootstrapServers,
            String topic,
            int partitions,
            long expected,
            int members,
            String groupId,
            Duration timeout)
            throws InterruptedException {
        Map<TopicPartition, Long> end = endOffsets(bootstrapServers, topic, partitions);
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        if (total != expected) {
            throw new IllegalStateException(
                    "topic " + topic + " holds " + total + " records, expected " + expected + ": " + end);
        }
        Progress progress = new Progress(end);
        CountDownLatch ready = new CountDownLatch(members);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(members);
        List<Future<Long>> valueBytes = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (int m = 0; m < members; m++) {
                String clientId = groupId + "-" + m;
                valueBytes.add(threads.submit(
                        () -> consume(bootstrapServers, topic, groupId, clientId, progress, ready, go, deadline)));
            }
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the consumers of group " + groupId + " did not start in time");
            }
            go.countDown();
            long bytes = 0;
            for (Future<Long> future : valueBytes) {
                bytes += future.get();
            }
            return new Pass(total, bytes, progress.elapsedNanos(), progress.duplicates());
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "a consumer of group " + groupId + " failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** One member: polls until the whole group has read every partition; returns the value bytes of new records. */
    private static long consume(
            String bootstrapServers,
            String topic,
            String groupId,
            String clientId,
            Progress progress,
            CountDownLatch ready,
            CountDownLatch go,
            long deadline)
            throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(groupConsumer(bootstrapServers, groupId, clientId))) {
            consumer.subscribe(List.of(topic));
            ready.countDown();
            go.await();
            progress.started();
            long valueBytes = 0;
            while (!progress.done()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + groupId + " did not read " + topic
                            + " to its end in time; still missing " + progress.missing());
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    if (progress.consumed(new TopicPartition(record.topic(), record.partition()), record.offset())) {
                        valueBytes += record.serializedValueSize();
                    }
                }
            }
            return valueBytes;
        }
    }

    /**
     * A group member with the client defaults (auto-commit every 5 s and on rebalance, default fetch settings),
     * classic protocol, reading from the earliest offset since a fresh group has none committed.
     */
    private static Properties groupConsumer(String bootstrapServers, String groupId, String clientId) {
        Properties props = ClientConfigs.consumer(bootstrapServers, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrapServers, String topic, int partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(ClientConfigs.consumer(bootstrapServers, "bench-group-end-offsets"))) {
            return consumer.endOffsets(ClientConfigs.assignment(topic, partitions), Duration.ofSeconds(30));
        }
    }

    /**
     * The group's progress, shared by its members: the next offset to read per partition (records below it were
     * read), when the first member started polling and when the last partition was read to its end.
     */
    static final class Progress {

        private final Map<TopicPartition, Long> end;
        private final Map<TopicPartition, AtomicLong> next = new ConcurrentHashMap<>();
        private final AtomicLong remaining;
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong startNanos = new AtomicLong();
        private final AtomicLong endNanos = new AtomicLong();

        Progress(Map<TopicPartition, Long> end) {
            this.end = Map.copyOf(end);
            end.keySet().forEach(tp -> next.put(tp, new AtomicLong()));
            this.remaining = new AtomicLong(
                    end.values().stream().mapToLong(Long::longValue).sum());
            if (remaining.get() == 0) {
                endNanos.set(System.nanoTime());
            }
        }

        void started() {
            startNanos.compareAndSet(0, System.nanoTime());
        }

        /**
         * Records that {@code offset} of {@code tp} was read; false if it had been read before. A member reads each
         * partition in order, and a partition it takes over starts at or below the committed offset, so offsets
         * below the highest one read were read already.
         */
        boolean consumed(TopicPartition tp, long offset) {
            AtomicLong partitionNext = next.get(tp);
            long before = partitionNext.getAndAccumulate(offset + 1, Math::max);
            if (offset < before) {
                duplicates.incrementAndGet();
                return false;
            }
            long newlyRead = offset + 1 - before;
            if (remaining.addAndGet(-newlyRead) == 0) {
                endNanos.compareAndSet(0, System.nanoTime());
            }
            return true;
        }

        boolean done() {
            return endNanos.get() != 0;
        }

        long elapsedNanos() {
            return endNanos.get() - startNanos.get();
        }

        long duplicates() {
            return duplicates.get();
        }

        Map<TopicPartition, Long> missing() {
            Map<TopicPartition, Long> missing = new LinkedHashMap<>();
            end.forEach((tp, endOffset) -> {
                long left = endOffset - next.get(tp).get();
                if (left > 0) {
                    missing.put(tp, left);
                }
            });
            return missing;
        }
    }
}
