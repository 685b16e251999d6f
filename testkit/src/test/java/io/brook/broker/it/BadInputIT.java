package io.brook.broker.it;

import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.latestOffset;
import static io.brook.broker.it.ProduceRequests.copyOf;
import static io.brook.broker.it.ProduceRequests.data;
import static io.brook.broker.it.ProduceRequests.negotiatedVersion;
import static io.brook.broker.it.ProduceRequests.produce;
import static io.brook.broker.it.ProduceRequests.produceUnchecked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.broker.BrokerConfig;
import io.brook.testkit.EmbeddedBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed frames and requests: a connection that cannot be understood is closed and nothing else is affected; a
 * bad record batch is refused with an error code and nothing is written. After each case the same broker still
 * serves a bystander connection that was open all along, and a real producer and consumer.
 */
class BadInputIT {

    private static final String TOPIC = "bad-input";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dataDir;

    private static EmbeddedBroker broker;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Uuid topicId;
    private static int checks;

    private RawKafkaConnection bystander;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new EmbeddedBroker(dataDir, BadInputIT::withoutAutoCreation).start();
        admin = Clients.admin(broker.bootstrapServers());
        Clients.createTopic(admin, TOPIC, 1, Map.of());
        topicId = get(admin.describeTopics(List.of(TOPIC)).allTopicNames())
                .get(TOPIC)
                .topicId();
        producer = Clients.producer(broker.bootstrapServers(), Map.of(ProducerConfig.ACKS_CONFIG, "all"));
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static BrokerConfig withoutAutoCreation(BrokerConfig c) {
        return c.withAutoCreateTopics(false);
    }

    @BeforeEach
    void openBystander() {
        bystander = RawKafkaConnection.connect(broker.bootstrapServers());
        assertThat(apiVersionsError(bystander)).isEqualTo(Errors.NONE);
    }

    @AfterEach
    void brokerStillServes() throws Exception {
        try (RawKafkaConnection stillOpen = bystander) {
            assertThat(apiVersionsError(stillOpen))
                    .as("a connection open before the bad input is still served")
                    .isEqualTo(Errors.NONE);
        }
        byte[] value = ("still-serving-" + checks++).getBytes(StandardCharsets.UTF_8);
        RecordMetadata metadata = get(producer.send(new ProducerRecord<>(TOPIC, 0, null, value)));
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(broker.bootstrapServers())) {
            consumer.assign(List.of(TP));
            consumer.seek(TP, metadata.offset());
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            await("the record produced after the bad input")
                    .atMost(Clients.CALL_TIMEOUT)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .until(() ->
                            read.addAll(consumer.poll(Duration.ofMillis(200)).records(TP)));
            assertThat(read.get(0).offset()).isEqualTo(metadata.offset());
            assertThat(read.get(0).value()).isEqualTo(value);
        }
    }

    @Test
    void frameLargerThanTheRequestLimitClosesTheConnection() {
        int limit = broker.server().config().network().maxRequestBytes();
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            connection.writeRaw(ByteBuffer.allocate(4).putInt(0, limit + 1));
            assertThat(connection.closedByBroker(CLOSE_WAIT)).isTrue();
        }
    }

    @Test
    void negativeFrameSizeClosesTheConnection() {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            connection.writeRaw(ByteBuffer.allocate(4).putInt(0, -5));
            assertThat(connection.closedByBroker(CLOSE_WAIT)).isTrue();
        }
    }

    @Test
    void frameCutShortByTheClientLeavesTheBrokerServing() {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            ByteBuffer header = RawKafkaConnection.header(ApiKeys.METADATA.id, (short) 12, 7, (short) 2);
            ByteBuffer partial = ByteBuffer.allocate(4 + header.remaining());
            partial.putInt(1_000).put(header).flip();
            connection.writeRaw(partial);
        }
    }

    @Test
    void unknownApiKeyClosesTheConnection() {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            connection.writeFrame(
                    RawKafkaConnection.header((short) 9999, (short) 0, 11, (short) 1), ByteBuffer.wrap(new byte[16]));
            assertThat(connection.closedByBroker(CLOSE_WAIT)).isTrue();
        }
    }

    @Test
    void unsupportedProduceVersionClosesTheConnection() {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            ByteBuffer body = MessageUtil.toByteBufferAccessor(
                            data(TOPIC, topicId, 0, records("never-stored")), ApiKeys.PRODUCE.latestVersion())
                    .buffer();
            connection.writeFrame(RawKafkaConnection.header(ApiKeys.PRODUCE.id, (short) 99, 12, (short) 2), body);
            assertThat(connection.closedByBroker(CLOSE_WAIT)).isTrue();
        }
    }

    @Test
    void tooNewApiVersionsIsAnsweredWithTheSupportedRanges() {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            ByteBuffer body = MessageUtil.toByteBufferAccessor(
                            new ApiVersionsRequestData()
                                    .setClientSoftwareName("future-client")
                                    .setClientSoftwareVersion("99.0"),
                            ApiKeys.API_VERSIONS.latestVersion())
                    .buffer();
            connection.writeFrame(RawKafkaConnection.header(ApiKeys.API_VERSIONS.id, (short) 127, 13, (short) 2), body);

            ByteBuffer frame = connection.readFrame();
            assertThat(frame.getInt()).as("correlation id").isEqualTo(13);
            ApiVersionsResponseData answer = ApiVersionsResponse.parse(new ByteBufferAccessor(frame), (short) 0)
                    .data();
            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(answer.apiKeys().stream().map(k -> k.apiKey()))
                    .contains(
                            ApiKeys.API_VERSIONS.id,
                            ApiKeys.PRODUCE.id,
                            ApiKeys.FETCH.id,
                            ApiKeys.METADATA.id,
                            ApiKeys.LIST_OFFSETS.id);
            assertThat(answer.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion())
                    .as("ApiVersions versions served")
                    .isGreaterThanOrEqualTo((short) 3);

            ApiVersionsResponse retry = connection.send(new ApiVersionsRequest.Builder().build((short) 3));
            assertThat(Errors.forCode(retry.data().errorCode()))
                    .as("the client retries on the same connection with a version the broker named")
                    .isEqualTo(Errors.NONE);
        }
    }

    @Test
    void batchFailingItsCrcIsRefusedWithCorruptMessage() throws Exception {
        long before = latestOffset(admin, TP);
        ByteBuffer bytes = copyOf(records("one", "two", "three"));
        int last = bytes.limit() - 1;
        bytes.put(last, (byte) (bytes.get(last) ^ 0x5a));

        PartitionProduceResponse response = produceRaw(MemoryRecords.readableRecords(bytes));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(latestOffset(admin, TP)).as("log end offset").isEqualTo(before);
    }

    @Test
    void acksZeroProduceIsStoredAndGetsNoResponse() throws Exception {
        long before = latestOffset(admin, TP);
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            connection.sendWithoutResponse(new ProduceRequest(
                    data(TOPIC, topicId, 0, records("fire-and-forget")).setAcks((short) 0),
                    negotiatedVersion(connection)));
            // The next response must answer the next request: send() checks the correlation id.
            assertThat(apiVersionsError(connection)).isEqualTo(Errors.NONE);
        }
        assertThat(latestOffset(admin, TP)).as("log end offset after acks=0").isEqualTo(before + 1);
    }

    @Test
    void failedAcksZeroProduceClosesTheConnection() throws Exception {
        long before = latestOffset(admin, TP);
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            ByteBuffer bytes = copyOf(records("never-stored"));
            int last = bytes.limit() - 1;
            bytes.put(last, (byte) (bytes.get(last) ^ 0x5a));
            connection.sendWithoutResponse(new ProduceRequest(
                    data(TOPIC, topicId, 0, MemoryRecords.readableRecords(bytes))
                            .setAcks((short) 0),
                    negotiatedVersion(connection)));
            assertThat(connection.closedByBroker(CLOSE_WAIT))
                    .as("closing is the only way to tell an acks=0 producer that its request failed")
                    .isTrue();
        }
        assertThat(latestOffset(admin, TP))
                .as("log end offset after the refused batch")
                .isEqualTo(before);
    }

    @Test
    void invalidAcksIsRefused() throws Exception {
        long before = latestOffset(admin, TP);
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            PartitionProduceResponse response = produceUnchecked(
                    connection,
                    negotiatedVersion(connection),
                    data(TOPIC, topicId, 0, records("two-acks")).setAcks((short) 2));
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_REQUIRED_ACKS);
        }
        assertThat(latestOffset(admin, TP)).as("log end offset").isEqualTo(before);
    }

    @Test
    void batchOfMagicOneIsRefused() throws Exception {
        long before = latestOffset(admin, TP);
        MemoryRecords legacy = MemoryRecords.withRecords(
                RecordBatch.MAGIC_VALUE_V1,
                Compression.NONE,
                new SimpleRecord(System.currentTimeMillis(), "k".getBytes(StandardCharsets.UTF_8), value("legacy")));

        PartitionProduceResponse response = produceRaw(legacy);

        assertThat(Errors.forCode(response.errorCode())).isIn(Errors.CORRUPT_MESSAGE, Errors.INVALID_RECORD);
        assertThat(latestOffset(admin, TP)).as("log end offset").isEqualTo(before);
    }

    @ParameterizedTest(name = "batch length field off by {0}")
    @ValueSource(ints = {-10, -1, 1, 10})
    void batchWhoseLengthFieldDisagreesWithItsBytesIsRefused(int delta) throws Exception {
        long before = latestOffset(admin, TP);
        ByteBuffer bytes = copyOf(records("four", "five"));
        bytes.putInt(Records.SIZE_OFFSET, bytes.getInt(Records.SIZE_OFFSET) + delta);

        PartitionProduceResponse response = produceRaw(MemoryRecords.readableRecords(bytes));

        assertThat(Errors.forCode(response.errorCode())).isIn(Errors.CORRUPT_MESSAGE, Errors.INVALID_RECORD);
        assertThat(latestOffset(admin, TP)).as("log end offset").isEqualTo(before);
    }

    @Test
    void produceToAMissingTopicIsRefusedAndDoesNotCreateIt() throws Exception {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            PartitionProduceResponse byName =
                    produceUnchecked(connection, (short) 12, data("no-such-topic", Uuid.ZERO_UUID, 0, records("lost")));
            assertThat(Errors.forCode(byName.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

            PartitionProduceResponse byId =
                    produceUnchecked(connection, (short) 13, data("", Uuid.randomUuid(), 0, records("lost")));
            assertThat(Errors.forCode(byId.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
        }
        try (KafkaProducer<byte[], byte[]> blocked =
                Clients.producer(broker.bootstrapServers(), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            assertThatThrownBy(() -> get(blocked.send(new ProducerRecord<>("no-such-topic", value("lost")))))
                    .as("the producer never learns a partition of a topic that is not created")
                    .isInstanceOf(TimeoutException.class);
        }
        assertThat(get(admin.listTopics().names())).doesNotContain("no-such-topic");
    }

    @Test
    void produceToAMissingPartitionIsRefused() throws Exception {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            PartitionProduceResponse response = produce(connection, TOPIC, topicId, 5, records("lost"));
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    private static PartitionProduceResponse produceRaw(MemoryRecords records) {
        try (RawKafkaConnection connection = RawKafkaConnection.connect(broker.bootstrapServers())) {
            return produceUnchecked(connection, negotiatedVersion(connection), data(TOPIC, topicId, 0, records));
        }
    }

    private static Errors apiVersionsError(RawKafkaConnection connection) {
        ApiVersionsResponse response = connection.send(new ApiVersionsRequest.Builder());
        return Errors.forCode(response.data().errorCode());
    }

    private static MemoryRecords records(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(
                    System.currentTimeMillis(), ("k" + i).getBytes(StandardCharsets.UTF_8), value(values[i]));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static byte[] value(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
