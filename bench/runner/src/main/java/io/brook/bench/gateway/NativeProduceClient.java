package io.brook.bench.gateway;

import io.brook.bench.load.ResultLine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Child-JVM main of the "produce, native Java client" row: one {@link KafkaProducer} configured as the gateway's own
 * {@code acks=all} producer (idempotent, linger 5 ms, 256 KiB batches, 128 MiB buffer) sends {@code warmup} untimed
 * records, flushes, then {@code records} timed ones and flushes again. Keys and values are {@link BenchRecords}, the
 * same records the HTTP row posts. Prints a {@link ResultLine}.
 *
 * <p>Arguments: {@code <bootstrap-servers> <topic> <warmup> <records> <broker-pid>}.
 */
public final class NativeProduceClient {

    private NativeProduceClient() {}

    public static void main(String[] args) {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: NativeProduceClient <bootstrap-servers> <topic> <warmup> <records> <broker-pid>");
        }
        String topic = args[1];
        long warmup = Long.parseLong(args[2]);
        long records = Long.parseLong(args[3]);
        long brokerPid = Long.parseLong(args[4]);
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(args[0]))) {
            send(producer, topic, 0, warmup, failed);
            producer.flush();
            CpuWindow cpu = new CpuWindow(ProcessHandle.current().pid(), brokerPid);
            long start = System.nanoTime();
            send(producer, topic, warmup, records, failed);
            producer.flush();
            long elapsed = System.nanoTime() - start;
            long[] cpuMillis = cpu.elapsedMillis();
            Map<String, Long> result = new LinkedHashMap<>();
            result.put("records", records);
            result.put("failed", failed.get());
            result.put("elapsedNanos", elapsed);
            result.put("valueBytes", records * BenchRecords.VALUE_SIZE);
            result.put("clientCpuMillis", cpuMillis[0]);
            result.put("brokerCpuMillis", cpuMillis[1]);
            System.out.println(ResultLine.format(result));
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, long first, long count, AtomicLong failed) {
        for (long i = first; i < first + count; i++) {
            producer.send(
                    new ProducerRecord<>(topic, BenchRecords.keyBytes(i), BenchRecords.valueBytes(i)),
                    (metadata, error) -> {
                        if (error != null && failed.incrementAndGet() == 1) {
                            System.err.println("first failed record: " + error);
                        }
                    });
        }
    }

    /** The settings of the gateway's acks=all producer (ProducerPool), so both rows batch alike. */
    static Properties producerConfig(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-native-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
