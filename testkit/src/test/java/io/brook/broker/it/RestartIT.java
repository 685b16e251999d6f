package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Clients.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.testkit.BrokerProcess;
import io.brook.testkit.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged records survive a clean restart and a SIGKILL of the broker process, at the offsets they were
 * acknowledged with, and producing afterwards continues at the next offset. Idempotent-producer state, topic ids,
 * configs and the log start offset come back too.
 */
class RestartIT {

    private static final int PARTITIONS = 2;

    /** Small segments, so that recovery has several segments and indexes to load per partition. */
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "16384");

    private static final Map<String, Object> ACKS_ONE =
            Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    private static final Map<String, Object> ACKS_ALL = Map.of(ProducerConfig.ACKS_CONFIG, "all");

    private static final long IDEMPOTENT_TIMESTAMP = System.currentTimeMillis();

    /** Where a record was acknowledged. */
    private record Position(TopicPartition topicPartition, long offset) {

        static Position of(RecordMetadata metadata) {
            return new Position(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset());
        }
    }

    @Test
    void acknowledgedRecordsSurviveACleanRestart(@TempDir Path dataDir) throws Exception {
        String topic = "clean-restart";
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir).start()) {
            createTopic(broker.bootstrapServers(), topic, PARTITIONS, SMALL_SEGMENTS);
            Map<Position, String> acknowledged = new HashMap<>();
            try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers(), ACKS_ALL)) {
                acknowledged.putAll(produce(producer, topic, "before-restart", 600));
            }
            IdempotentBatch idempotent = writeIdempotentBatch(broker.bootstrapServers(), topic, acknowledged);
            Map<TopicPartition, Long> endBefore = endOffsets(broker.bootstrapServers(), topic);

            broker.restart();

            assertDuplicateRecognised(broker.bootstrapServers(), topic, idempotent);
            assertStored(broker.bootstrapServers(), topic, acknowledged, endBefore);
            assertProducingContinuesAtTheEnd(broker.bootstrapServers(), topic, endBefore);
        }
    }

    @Test
    void acknowledgedRecordsSurviveSigkillOfTheBrokerProcess(@TempDir Path tmp) throws Exception {
        String topic = "sigkill";
        try (BrokerProcess process = new BrokerProcess(tmp.resolve("data")).start(Duration.ofSeconds(90))) {
            String bootstrap = process.bootstrapServers();
            createTopic(bootstrap, topic, PARTITIONS, SMALL_SEGMENTS);
            Map<Position, String> acknowledged = new ConcurrentHashMap<>();
            IdempotentBatch idempotent;

            try (KafkaProducer<byte[], byte[]> acksOne = Clients.producer(bootstrap, ACKS_ONE);
                    KafkaProducer<byte[], byte[]> acksAll = Clients.producer(bootstrap, ACKS_ALL)) {
                acknowledged.putAll(produce(acksOne, topic, "acks-1", 400));
                acknowledged.putAll(produce(acksAll, topic, "acks-all", 400));
                idempotent = writeIdempotentBatch(bootstrap, topic, acknowledged);
                // More sends still in flight when the broker dies: those acknowledged before must survive.
                for (int i = 0; i < 2_000; i++) {
                    KafkaProducer<byte[], byte[]> producer = i % 2 == 0 ? acksOne : acksAll;
                    String value = "in-flight-" + i;
                    producer.send(
                            new ProducerRecord<>(topic, key(i), value.getBytes(StandardCharsets.UTF_8)),
                            (metadata, error) -> {
                                if (error == null) {
                                    acknowledged.put(Position.of(metadata), value);
                                }
                            });
                }
                process.kill();
                // Abandon what is still unsent, so nothing reaches the broker once it is started again.
                acksOne.close(Duration.ZERO);
                acksAll.close(Duration.ZERO);
            }
            Map<Position, String> survivors = Map.copyOf(acknowledged);
            assertThat(survivors).hasSizeGreaterThanOrEqualTo(803);

            process.start(Duration.ofSeconds(90));

            Map<TopicPartition, Long> endAfter = endOffsets(bootstrap, topic);
            Map<TopicPartition, Long> mustReach = new HashMap<>();
            survivors.keySet().forEach(p -> mustReach.merge(p.topicPartition(), p.offset() + 1, Math::max));
            mustReach.forEach((tp, end) -> assertThat(endAfter.get(tp))
                    .as("end offset of %s covers every acknowledged record", tp)
                    .isGreaterThanOrEqualTo(end));
            assertDuplicateRecognised(bootstrap, topic, idempotent);
            assertStored(bootstrap, topic, survivors, endAfter);
            assertProducingContinuesAtTheEnd(bootstrap, topic, endAfter);
        }
    }

    @Test
    void topicIdConfigsAndLogStartOffsetSurviveACleanRestart(@TempDir Path dataDir) throws Exception {
        String topic = "restart-metadata";
        TopicPartition tp = new TopicPartition(topic, 0);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir).start()) {
            Uuid topicId;
            try (Admin admin = Clients.admin(broker.bootstrapServers())) {
                Clients.createTopic(admin, topic, PARTITIONS, Map.of("retention.ms", "3600000"));
                topicId = topicId(admin, topic);
                try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers(), ACKS_ALL)) {
                    for (int i = 0; i < 20; i++) {
                        get(producer.send(
                                new ProducerRecord<>(topic, 0, key(i), ("r" + i).getBytes(StandardCharsets.UTF_8))));
                    }
                }
                get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(7)))
                        .all());
            }

            broker.restart();

            try (Admin admin = Clients.admin(broker.bootstrapServers())) {
                assertThat(topicId(admin, topic))
                        .as("topic id after the restart")
                        .isEqualTo(topicId);
                assertThat(get(admin.describeConfigs(List.of(resource)).all())
                                .get(resource)
                                .get("retention.ms")
                                .value())
                        .isEqualTo("3600000");
                assertThat(Clients.offsets(admin, List.of(tp), OffsetSpec.earliest()))
                        .as("log start offset after the restart")
                        .containsEntry(tp, 7L);
                assertThat(Clients.offsets(admin, List.of(tp), OffsetSpec.latest()))
                        .containsEntry(tp, 20L);
            }
            assertThat(readAll(broker.bootstrapServers(), List.of(tp)))
                    .extracting(ConsumerRecord::offset)
                    .containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        }
    }

    /** An idempotent batch written with a raw connection, to be sent again after the restart. */
    private record IdempotentBatch(long producerId, long baseOffset) {}

    /** Writes three records to partition 0 as an idempotent producer and adds them to {@code acknowledged}. */
    private static IdempotentBatch writeIdempotentBatch(
            String bootstrap, String topic, Map<Position, String> acknowledged) throws Exception {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(bootstrap)) {
            InitProducerIdResponse init = connection.send(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)));
            assertThat(Errors.forCode(init.data().errorCode())).isEqualTo(Errors.NONE);
            long producerId = init.data().producerId();
            PartitionProduceResponse response = ProduceRequests.produce(
                    connection, topic, topicId(bootstrap, topic), 0, idempotentRecords(producerId));
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
            for (int i = 0; i < 3; i++) {
                acknowledged.put(
                        new Position(new TopicPartition(topic, 0), response.baseOffset() + i), "idempotent-" + i);
            }
            return new IdempotentBatch(producerId, response.baseOffset());
        }
    }

    /**
     * The producer state came back with the log: the same batch sent again is acknowledged at its original offset
     * and not stored twice, and a new producer gets a producer id never handed out before.
     */
    private static void assertDuplicateRecognised(String bootstrap, String topic, IdempotentBatch written)
            throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long end;
        try (Admin admin = Clients.admin(bootstrap)) {
            end = Clients.latestOffset(admin, tp);
        }
        try (RawKafkaConnection connection = RawKafkaConnection.connect(bootstrap)) {
            PartitionProduceResponse again = ProduceRequests.produce(
                    connection, topic, topicId(bootstrap, topic), 0, idempotentRecords(written.producerId()));
            assertThat(Errors.forCode(again.errorCode()))
                    .as("a batch acknowledged before the restart, sent again")
                    .isEqualTo(Errors.NONE);
            assertThat(again.baseOffset()).as("base offset of the duplicate").isEqualTo(written.baseOffset());

            InitProducerIdResponse init = connection.send(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)));
            assertThat(Errors.forCode(init.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(init.data().producerId())
                    .as("producer id handed out after the restart")
                    .isNotEqualTo(written.producerId());
        }
        try (Admin admin = Clients.admin(bootstrap)) {
            assertThat(Clients.latestOffset(admin, tp))
                    .as("log end offset after the duplicate")
                    .isEqualTo(end);
        }
    }

    private static MemoryRecords idempotentRecords(long producerId) {
        SimpleRecord[] records = new SimpleRecord[3];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(
                    IDEMPOTENT_TIMESTAMP + i, key(i), ("idempotent-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, 0, records);
    }

    private static Uuid topicId(Admin admin, String topic) throws Exception {
        return get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .topicId();
    }

    private static Uuid topicId(String bootstrap, String topic) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            return topicId(admin, topic);
        }
    }

    /** Sends {@code count} keyed records, waits for every acknowledgement and returns where each landed. */
    private static Map<Position, String> produce(
            KafkaProducer<byte[], byte[]> producer, String topic, String prefix, int count) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(
                    new ProducerRecord<>(topic, key(i), (prefix + "-" + i).getBytes(StandardCharsets.UTF_8))));
        }
        producer.flush();
        Map<Position, String> positions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            positions.put(Position.of(get(futures.get(i))), prefix + "-" + i);
        }
        return positions;
    }

    /**
     * Every acknowledged record is at its acknowledged offset with its value; each partition reads from 0 to
     * {@code end} without gaps.
     */
    private static void assertStored(
            String bootstrap, String topic, Map<Position, String> acknowledged, Map<TopicPartition, Long> end) {
        List<ConsumerRecord<byte[], byte[]>> records = readAll(bootstrap, partitions(topic, PARTITIONS));
        Map<Position, String> stored = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            assertThat(record.offset()).as("next offset of %s", tp).isEqualTo(next.getOrDefault(tp, 0L));
            next.put(tp, record.offset() + 1);
            stored.put(new Position(tp, record.offset()), new String(record.value(), StandardCharsets.UTF_8));
        }
        end.forEach((tp, offset) -> assertThat(next.getOrDefault(tp, 0L))
                .as("records read from %s", tp)
                .isEqualTo(offset));
        assertThat(stored).containsAllEntriesOf(acknowledged);
    }

    private static void assertProducingContinuesAtTheEnd(String bootstrap, String topic, Map<TopicPartition, Long> end)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, ACKS_ALL)) {
            for (TopicPartition tp : partitions(topic, PARTITIONS)) {
                RecordMetadata metadata = get(producer.send(new ProducerRecord<>(
                        topic, tp.partition(), key(0), "after-restart".getBytes(StandardCharsets.UTF_8))));
                assertThat(metadata.offset())
                        .as("first offset of %s after the restart", tp)
                        .isEqualTo(end.get(tp));
            }
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            return Clients.offsets(admin, partitions(topic, PARTITIONS), OffsetSpec.latest());
        }
    }

    private static byte[] key(int i) {
        return ("key-" + (i % 13)).getBytes(StandardCharsets.UTF_8);
    }
}
