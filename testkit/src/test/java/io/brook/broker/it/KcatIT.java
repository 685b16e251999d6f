package io.brook.broker.it;

import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Clients.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.testkit.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcat (librdkafka, a second, non-Java client) produces to, consumes from and lists the broker, and what one client
 * writes the other reads. kcat must be installed ({@code apt-get install kcat}); the test fails if it is not.
 */
class KcatIT {

    private static final int PARTITIONS = 3;

    @TempDir
    static Path tmp;

    private static EmbeddedBroker broker;
    private static Kcat kcat;

    @BeforeAll
    static void startBroker() {
        kcat = Kcat.locate(tmp);
        broker = new EmbeddedBroker(tmp.resolve("data")).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void recordsProducedByKcatAreReadByKcatAndByTheJavaConsumer() throws Exception {
        String topic = "from-kcat";
        Clients.createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add("key" + (i % 7) + ":value-" + i);
        }

        Kcat.Run produced =
                kcat.run(String.join("\n", lines) + "\n", "-P", "-b", broker.bootstrapServers(), "-t", topic, "-K:");
        assertThat(produced.exitCode())
                .as("kcat -P failed: %s", produced.stderr())
                .isZero();

        List<ConsumerRecord<byte[], byte[]>> records =
                readAll(broker.bootstrapServers(), partitions(topic, PARTITIONS));
        List<String> readByJava = records.stream()
                .map(r -> string(r.key()) + ":" + string(r.value()))
                .toList();
        assertThat(readByJava).containsExactlyInAnyOrderElementsOf(lines);
        assertSameKeySamePartitionInOrder(records, lines);

        Kcat.Run consumed = consume(topic);
        assertThat(consumed.exitCode())
                .as("kcat -C failed: %s", consumed.stderr())
                .isZero();
        List<String> readByKcat = consumed.stdout().lines().toList();
        assertThat(readByKcat).containsExactlyInAnyOrderElementsOf(lines);
        assertPerKeyOrder(readByKcat, lines);
    }

    @Test
    void recordsProducedByTheJavaProducerAreReadByKcat() throws Exception {
        String topic = "from-java";
        Clients.createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        List<String> lines = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String key = "key" + (i % 5);
                String value = "java-" + i;
                lines.add(key + ":" + value);
                futures.add(producer.send(new ProducerRecord<>(
                        topic,
                        null,
                        key.getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8),
                        List.of(new RecordHeader("origin", "java".getBytes(StandardCharsets.UTF_8))))));
            }
            producer.flush();
            for (Future<RecordMetadata> future : futures) {
                get(future);
            }
        }

        Kcat.Run consumed = consume(topic);

        assertThat(consumed.exitCode())
                .as("kcat -C failed: %s", consumed.stderr())
                .isZero();
        List<String> readByKcat = consumed.stdout().lines().toList();
        assertThat(readByKcat).containsExactlyInAnyOrderElementsOf(lines);
        assertPerKeyOrder(readByKcat, lines);
    }

    @Test
    void kcatListsTheBrokerAndTheTopicsPartitions() throws Exception {
        String topic = "listed";
        Clients.createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());

        Kcat.Run listed = kcat.run("", "-L", "-b", broker.bootstrapServers(), "-t", topic);

        assertThat(listed.exitCode()).as("kcat -L failed: %s", listed.stderr()).isZero();
        int nodeId = broker.server().config().nodeId();
        assertThat(listed.stdout())
                .contains("broker " + nodeId + " at " + broker.bootstrapServers())
                .contains("topic \"" + topic + "\" with " + PARTITIONS + " partitions:");
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(listed.stdout())
                    .contains("partition " + p + ", leader " + nodeId + ", replicas: " + nodeId + ", isrs: " + nodeId);
        }
    }

    private static Kcat.Run consume(String topic) throws Exception {
        return kcat.run(
                "", "-C", "-b", broker.bootstrapServers(), "-t", topic, "-e", "-q", "-o", "beginning", "-f", "%k:%s\n");
    }

    /** Records with the same key share a partition, and each key's records are in the order they were written. */
    private static void assertSameKeySamePartitionInOrder(
            List<ConsumerRecord<byte[], byte[]>> records, List<String> lines) {
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Integer previous = partitionOfKey.putIfAbsent(string(record.key()), record.partition());
            if (previous != null) {
                assertThat(record.partition())
                        .as("partition of key %s", string(record.key()))
                        .isEqualTo(previous);
            }
        }
        assertPerKeyOrder(
                records.stream()
                        .map(r -> string(r.key()) + ":" + string(r.value()))
                        .toList(),
                lines);
    }

    private static void assertPerKeyOrder(List<String> read, List<String> written) {
        assertThat(byKey(read)).isEqualTo(byKey(written));
    }

    private static Map<String, List<String>> byKey(List<String> lines) {
        Map<String, List<String>> result = new HashMap<>();
        for (String line : lines) {
            String key = line.substring(0, line.indexOf(':'));
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
        }
        return result;
    }

    private static String string(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
