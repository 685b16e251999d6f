package io.brook.bench.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Child-JVM main of the end-to-end latency measurement: one record at a time, a producer (linger.ms=0, the acks given)
 * sends it and an assign-mode consumer in the same JVM polls until that record arrives; the latency is the time
 * from {@code send} to the record coming out of {@code poll}, on one clock. The first 8 bytes of each value carry its
 * sequence number so the consumer checks it got the record it waits for.
 *
 * <p>Stops after {@code warmup + count} records or when {@code max-duration-ms} is used up, whichever comes first
 * (a broker that answers fetches slowly must not stall the whole benchmark), and prints a {@link ResultLine} with
 * nearest-rank percentiles of the records measured after the warm-up.
 *
 * <p>Arguments: {@code <bootstrap-servers> <topic> <partitions> <warmup> <count> <record-size> <max-duration-ms>
 * <acks>}.
 */
public final class LatencyClient {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(30);

    private LatencyClient() {}

    public static void main(String[] args) throws InterruptedException, ExecutionException, TimeoutException {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: LatencyClient <bootstrap-servers> <topic> <partitions> <warmup>"
                    + " <count> <record-size> <max-duration-ms> <acks>");
        }
        String bootstrapServers = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        byte[] payload = Payload.of(Integer.parseInt(args[5]));
        long maxNanos = Duration.ofMillis(Long.parseLong(args[6])).toNanos();
        String acks = args[7];

        List<TopicPartition> assignment = ClientConfigs.assignment(topic, partitions);
        long[] samples = new long[count];
        int measured = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(ClientConfigs.latencyProducer(bootstrapServers, acks));
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(ClientConfigs.consumer(bootstrapServers, "bench-latency-consumer"))) {
            consumer.assign(assignment);
            consumer.seekToEnd(assignment);
            assignment.forEach(consumer::position); // resolve positions before the first record is sent
            producer.partitionsFor(topic); // and fetch the producer's metadata

            long start = System.nanoTime();
            for (long sequence = 0; sequence < warmup + count; sequence++) {
                if (System.nanoTime() - start > maxNanos) {
                    break;
                }
                byte[] value = payload.clone();
                ByteBuffer.wrap(value).putLong(0, sequence);
                long sent = System.nanoTime();
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, value));
                awaitRecord(consumer, sequence);
                long received = System.nanoTime();
                ack.get(RECORD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (sequence >= warmup) {
                    samples[measured++] = received - sent;
                }
            }
        }
        if (measured == 0) {
            throw new IllegalStateException("no record measured within "
                    + Duration.ofNanos(maxNanos).toSeconds() + " s (warm-up of " + warmup + " records not finished)");
        }
        long[] sorted = Arrays.copyOf(samples, measured);
        Arrays.sort(sorted);
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("samples", (long) measured);
        result.put("p50Nanos", percentile(sorted, 50));
        result.put("p99Nanos", percentile(sorted, 99));
        result.put("maxNanos", sorted[sorted.length - 1]);
        System.out.println(ResultLine.format(result));
    }

    /** Nearest-rank percentile of a sorted, non-empty array. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static void awaitRecord(KafkaConsumer<byte[], byte[]> consumer, long sequence) {
        long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            Iterator<ConsumerRecord<byte[], byte[]>> it = records.iterator();
            if (it.hasNext()) {
                ConsumerRecord<byte[], byte[]> record = it.next();
                long got = ByteBuffer.wrap(record.value()).getLong(0);
                if (got != sequence || it.hasNext()) {
                    throw new IllegalStateException("expected only record " + sequence + " but got " + got
                            + (it.hasNext() ? " and more" : "") + " at " + record.topic() + "-"
                            + record.partition() + "@" + record.offset());
                }
                return;
            }
        }
        throw new IllegalStateException(
                "record " + sequence + " did not arrive within " + RECORD_TIMEOUT.toSeconds() + " s");
    }
}
