package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.latestOffset;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Clients.readAll;
import static io.brook.broker.it.ProduceRequests.produce;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.testkit.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotent producers: a resent batch is acknowledged again but stored once; a sequence gap is refused. */
class IdempotenceIT {

    private static final long TIMESTAMP = System.currentTimeMillis();

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

    @Test
    void idempotentProducerStoresEveryRecordExactlyOnce() throws Exception {
        String topic = "idempotent-producer";
        int count = 2_000;
        createTopic(broker.bootstrapServers(), topic, 2, Map.of());
        List<RecordMetadata> acknowledged = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(
                broker.bootstrapServers(),
                Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        5,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        1_024))) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, key(i % 10), value(i))));
            }
            producer.flush();
            for (Future<RecordMetadata> future : futures) {
                acknowledged.add(get(future));
            }
        }

        List<ConsumerRecord<byte[], byte[]>> consumed = readAll(broker.bootstrapServers(), partitions(topic, 2));

        assertThat(consumed).hasSize(count);
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : consumed) {
            assertThat(values.add(new String(record.value(), StandardCharsets.UTF_8)))
                    .as("value at %s-%d@%d read once", record.topic(), record.partition(), record.offset())
                    .isTrue();
        }
        for (int i = 0; i < count; i++) {
            RecordMetadata metadata = acknowledged.get(i);
            ConsumerRecord<byte[], byte[]> stored = consumed.stream()
                    .filter(r -> r.partition() == metadata.partition() && r.offset() == metadata.offset())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no record at the acknowledged " + metadata));
            assertThat(stored.value()).as("record at %s", metadata).isEqualTo(value(i));
        }
    }

    @Test
    void resentBatchIsAcknowledgedWithItsOriginalOffsetAndStoredOnce() throws Exception {
        String topic = "idempotent-raw";
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Clients.admin(broker.bootstrapServers());
                RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            Clients.createTopic(admin, topic, 1, Map.of());
            Uuid topicId = get(admin.describeTopics(List.of(topic)).allTopicNames())
                    .get(topic)
                    .topicId();

            InitProducerIdResponse init = connection.send(new InitProducerIdRequest.Builder(
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)));
            assertThat(Errors.forCode(init.data().errorCode())).isEqualTo(Errors.NONE);
            long producerId = init.data().producerId();
            short epoch = init.data().producerEpoch();
            assertThat(producerId).as("producer id").isNotNegative();
            assertThat(epoch).as("epoch of a new producer id").isZero();

            PartitionProduceResponse first =
                    produce(connection, topic, topicId, 0, batch(producerId, epoch, 0, "a", "b", "c"));
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
            assertThat(first.baseOffset()).isZero();

            PartitionProduceResponse resent =
                    produce(connection, topic, topicId, 0, batch(producerId, epoch, 0, "a", "b", "c"));
            assertThat(Errors.forCode(resent.errorCode()))
                    .as("a duplicate is acknowledged, not refused")
                    .isEqualTo(Errors.NONE);
            assertThat(resent.baseOffset())
                    .as("a duplicate gets the base offset of the original")
                    .isEqualTo(first.baseOffset());
            assertThat(latestOffset(admin, tp))
                    .as("log end offset after a resent batch")
                    .isEqualTo(3);

            PartitionProduceResponse gap =
                    produce(connection, topic, topicId, 0, batch(producerId, epoch, 10, "x", "y", "z"));
            assertThat(Errors.forCode(gap.errorCode()))
                    .as("sequence 10 when 3 is expected")
                    .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(latestOffset(admin, tp))
                    .as("log end offset after a refused batch")
                    .isEqualTo(3);

            PartitionProduceResponse next =
                    produce(connection, topic, topicId, 0, batch(producerId, epoch, 3, "d", "e", "f"));
            assertThat(Errors.forCode(next.errorCode())).isEqualTo(Errors.NONE);
            assertThat(next.baseOffset()).isEqualTo(3);

            PartitionProduceResponse olderDuplicate =
                    produce(connection, topic, topicId, 0, batch(producerId, epoch, 0, "a", "b", "c"));
            assertThat(Errors.forCode(olderDuplicate.errorCode()))
                    .as("a duplicate of a batch before the last one")
                    .isEqualTo(Errors.NONE);
            assertThat(olderDuplicate.baseOffset()).isEqualTo(first.baseOffset());
            assertThat(latestOffset(admin, tp)).as("log end offset at the end").isEqualTo(6);
        }

        List<String> stored = readAll(broker.bootstrapServers(), List.of(tp)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(stored).containsExactly("a", "b", "c", "d", "e", "f");
    }

    private static MemoryRecords batch(long producerId, short epoch, int baseSequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(
                    TIMESTAMP + baseSequence + i, key(baseSequence + i), values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence, records);
    }

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        return ("value-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
