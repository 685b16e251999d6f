package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.headers;
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
import java.util.Random;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records produced by the real Java producer, with every compression codec, come back from the real consumer
 * byte-identical, in order per partition, on the partition the client chose.
 */
class ProduceConsumeIT {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 240;

    @TempDir
    static Path dataDir;

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(dataDir).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** What was sent and what the broker acknowledged for it. */
    private record Sent(ProducerRecord<byte[], byte[]> record, RecordMetadata metadata) {

        TopicPartition topicPartition() {
            return new TopicPartition(metadata.topic(), metadata.partition());
        }
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void recordsComeBackByteIdenticalAndInOrderPerPartition(String compression) throws Exception {
        String topic = "produce-consume-" + compression;
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        List<ProducerRecord<byte[], byte[]>> records = mixedRecords(topic, new Random(42));

        List<Sent> sent = send(records, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression));

        for (Sent s : sent) {
            ProducerRecord<byte[], byte[]> r = s.record();
            if (r.partition() != null) {
                assertThat(s.metadata().partition())
                        .as("explicit partition of %s", r)
                        .isEqualTo(r.partition());
            } else if (r.key() != null) {
                assertThat(s.metadata().partition())
                        .as("default partitioner for key %s", new String(r.key(), StandardCharsets.ISO_8859_1))
                        .isEqualTo(Utils.toPositive(Utils.murmur2(r.key())) % PARTITIONS);
            }
        }
        assertOffsetsFollowSendOrder(sent);

        List<ConsumerRecord<byte[], byte[]>> consumed =
                readAll(broker.bootstrapServers(), partitions(topic, PARTITIONS));

        assertThat(consumed).hasSize(RECORDS);
        assertContiguousPerPartition(consumed);
        Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition = byPosition(consumed);
        for (Sent s : sent) {
            ConsumerRecord<byte[], byte[]> c = byPosition
                    .getOrDefault(s.topicPartition(), Map.of())
                    .get(s.metadata().offset());
            ProducerRecord<byte[], byte[]> r = s.record();
            String where = s.topicPartition() + "@" + s.metadata().offset();
            assertThat(c).as("record at %s", where).isNotNull();
            assertThat(c.key()).as("key at %s", where).isEqualTo(r.key());
            assertThat(c.value()).as("value at %s", where).isEqualTo(r.value());
            assertThat(headers(c.headers())).as("headers at %s", where).isEqualTo(headers(r.headers()));
            assertThat(c.timestampType()).as("timestamp type at %s", where).isEqualTo(TimestampType.CREATE_TIME);
            long expectedTimestamp =
                    r.timestamp() != null ? r.timestamp() : s.metadata().timestamp();
            assertThat(c.timestamp()).as("timestamp at %s", where).isEqualTo(expectedTimestamp);
            assertThat(s.metadata().timestamp())
                    .as("acknowledged timestamp at %s", where)
                    .isEqualTo(expectedTimestamp);
        }
    }

    @ParameterizedTest(name = "compression.type={0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void logAppendTimeTopicStampsRecordsWithTheBrokersClock(String compression) throws Exception {
        String topic = "log-append-time-" + compression;
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
        long createTime = 1_000_000_000_000L;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(new ProducerRecord<>(
                    topic,
                    null,
                    createTime + i,
                    ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8),
                    List.of(new RecordHeader("i", new byte[] {(byte) i}))));
        }

        long before = System.currentTimeMillis();
        List<Sent> sent = send(records, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression));
        long after = System.currentTimeMillis();

        List<ConsumerRecord<byte[], byte[]>> consumed =
                readAll(broker.bootstrapServers(), partitions(topic, PARTITIONS));
        assertThat(consumed).hasSize(records.size());
        assertContiguousPerPartition(consumed);
        Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition = byPosition(consumed);
        for (Sent s : sent) {
            ConsumerRecord<byte[], byte[]> c = byPosition
                    .getOrDefault(s.topicPartition(), Map.of())
                    .get(s.metadata().offset());
            String where = s.topicPartition() + "@" + s.metadata().offset();
            assertThat(c).as("record at %s", where).isNotNull();
            assertThat(c.key()).as("key at %s", where).isEqualTo(s.record().key());
            assertThat(c.value()).as("value at %s", where).isEqualTo(s.record().value());
            assertThat(headers(c.headers()))
                    .as("headers at %s", where)
                    .isEqualTo(headers(s.record().headers()));
            assertThat(c.timestampType()).as("timestamp type at %s", where).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(c.timestamp()).as("log append time at %s", where).isBetween(before, after);
            assertThat(s.metadata().timestamp())
                    .as("the producer is told the log append time at %s", where)
                    .isEqualTo(c.timestamp());
        }
    }

    /**
     * Unkeyed, keyed (text, binary and empty keys), explicitly partitioned; with and without headers (repeated keys,
     * null values); null, empty, small and large values; explicit and producer-assigned timestamps.
     */
    private static List<ProducerRecord<byte[], byte[]>> mixedRecords(String topic, Random random) {
        long baseTime = System.currentTimeMillis() - 3_600_000L;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            byte[] key = switch (i % 4) {
                case 0 -> null;
                case 1, 2 -> ("key-" + (i % 7)).getBytes(StandardCharsets.UTF_8);
                default -> bytes(random, i == 3 ? 0 : 1 + random.nextInt(16));
            };
            Integer partition = i % 4 == 2 ? (i / 4) % PARTITIONS : null;
            byte[] value;
            if (i == 5) {
                value = null;
            } else if (i == 6) {
                value = new byte[0];
            } else if (i == 100) {
                value = bytes(random, 200_000);
            } else {
                value = bytes(random, random.nextInt(2_000));
            }
            Long timestamp = i % 3 == 0 ? baseTime - i * 1_000L : null;
            List<Header> headers = i % 2 == 1
                    ? List.of(
                            new RecordHeader("trace", bytes(random, 8)),
                            new RecordHeader("empty", null),
                            new RecordHeader("trace", bytes(random, 3)))
                    : List.of();
            records.add(new ProducerRecord<>(topic, partition, timestamp, key, value, headers));
        }
        return records;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static List<Sent> send(List<ProducerRecord<byte[], byte[]>> records, Map<String, Object> config)
            throws Exception {
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers(), config)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                futures.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < records.size(); i++) {
                sent.add(new Sent(records.get(i), get(futures.get(i))));
            }
        }
        return sent;
    }

    /** One producer's records to one partition are stored in the order it sent them. */
    private static void assertOffsetsFollowSendOrder(List<Sent> sent) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (Sent s : sent) {
            Long previous = last.put(s.topicPartition(), s.metadata().offset());
            if (previous != null) {
                assertThat(s.metadata().offset())
                        .as("offset of a later send to %s", s.topicPartition())
                        .isGreaterThan(previous);
            }
        }
    }

    /** Each partition is read from offset 0 with no gap and no repetition. */
    private static void assertContiguousPerPartition(List<ConsumerRecord<byte[], byte[]>> consumed) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> c : consumed) {
            TopicPartition tp = new TopicPartition(c.topic(), c.partition());
            long expected = next.getOrDefault(tp, 0L);
            assertThat(c.offset()).as("next offset read from %s", tp).isEqualTo(expected);
            next.put(tp, expected + 1);
        }
    }

    private static Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> byPosition(
            List<ConsumerRecord<byte[], byte[]>> consumed) {
        Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> result = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> c : consumed) {
            result.computeIfAbsent(new TopicPartition(c.topic(), c.partition()), tp -> new HashMap<>())
                    .put(c.offset(), c);
        }
        return result;
    }
}
