package io.brook.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Child-JVM main of the consume measurement: one assign-mode consumer (no consumer group, so no group coordinator)
 * reads a whole topic from the beginning, then prints a {@link ResultLine}.
 *
 * <p>A fresh JVM reads slowly until its JIT has compiled the fetch path, and a topic of a million records is read in
 * about two seconds, so the same consumer first reads a warm-up topic of the same shape, unmeasured, and only the
 * second pass is timed. Exits non-zero (uncaught exception) if records do not arrive in time.
 *
 * <p>Arguments: {@code <bootstrap-servers> <partitions> <timeout-ms> <topic> <records> <warmup-topic>
 * <warmup-records>}; a warm-up of 0 records skips the first pass.
 */
public final class ConsumeClient {

    private static final Duration POLL = Duration.ofMillis(500);

    private ConsumeClient() {}

    public static void main(String[] args) {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: ConsumeClient <bootstrap-servers> <partitions> <timeout-ms>"
                    + " <topic> <records> <warmup-topic> <warmup-records>");
        }
        String bootstrapServers = args[0];
        int partitions = Integer.parseInt(args[1]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        String topic = args[3];
        long records = Long.parseLong(args[4]);
        String warmupTopic = args[5];
        long warmupRecords = Long.parseLong(args[6]);

        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(ClientConfigs.consumer(bootstrapServers, "bench-consumer"))) {
            if (warmupRecords > 0) {
                readAll(consumer, warmupTopic, partitions, warmupRecords, timeout);
            }
            long start = System.nanoTime();
            long valueBytes = readAll(consumer, topic, partitions, records, timeout);
            long elapsed = System.nanoTime() - start;

            Map<String, Long> result = new LinkedHashMap<>();
            result.put("records", records);
            result.put("valueBytes", valueBytes);
            result.put("elapsedNanos", elapsed);
            result.put("warmupRecords", warmupRecords);
            System.out.println(ResultLine.format(result));
        }
    }

    /** Reads {@code expected} records of {@code topic} from the beginning and returns their value bytes. */
    private static long readAll(
            KafkaConsumer<byte[], byte[]> consumer, String topic, int partitions, long expected, Duration timeout) {
        List<TopicPartition> assignment = ClientConfigs.assignment(topic, partitions);
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        long records = 0;
        long valueBytes = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("consumed " + records + " of " + expected + " records from " + topic
                        + " in " + timeout.toSeconds() + " s");
            }
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                records++;
                valueBytes += record.serializedValueSize();
            }
        }
        if (records != expected) {
            throw new IllegalStateException("expected " + expected + " records in " + topic + " but read " + records);
        }
        return valueBytes;
    }
}
