package io.brook.broker.it;

import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.offsets;
import static io.brook.broker.it.Clients.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.testkit.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin client against the broker: topics, partitions, configs, cluster, records and offsets. */
class AdminIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(dataDir).start();
        admin = Clients.admin(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void createdTopicIsDescribedAndListed() throws Exception {
        String topic = "created";
        CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                .configs(Map.of("retention.ms", "3600000", "cleanup.policy", "compact"))));
        get(created.all());
        Uuid topicId = get(created.topicId(topic));
        assertThat(topicId).isNotNull().isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(get(created.numPartitions(topic))).isEqualTo(3);
        assertThat(get(created.replicationFactor(topic))).isEqualTo(1);
        assertThat(get(created.config(topic)).get("retention.ms").value()).isEqualTo("3600000");

        Node node = onlyNode();
        TopicDescription description =
                get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        assertThat(description.name()).isEqualTo(topic);
        assertThat(description.topicId()).isEqualTo(topicId);
        assertThat(description.isInternal()).isFalse();
        assertThat(description.partitions())
                .extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2);
        for (TopicPartitionInfo partition : description.partitions()) {
            assertThat(partition.leader())
                    .as("leader of partition %d", partition.partition())
                    .isEqualTo(node);
            assertThat(partition.replicas()).containsExactly(node);
            assertThat(partition.isr()).containsExactly(node);
        }

        assertThat(get(admin.listTopics().names())).contains(topic);

        Config config = describeConfigs(topic);
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config.get("max.message.bytes").value()).isEqualTo("1048588");
        assertThat(config.get("max.message.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("max.message.bytes").isDefault()).isTrue();
    }

    @Test
    void invalidCreationsAreRefused() throws Exception {
        String existing = "already-there";
        Clients.createTopic(admin, existing, 1, Map.of());
        assertThatThrownBy(() -> Clients.createTopic(admin, existing, 1, Map.of()))
                .isInstanceOf(TopicExistsException.class);

        assertThatThrownBy(() -> get(admin.createTopics(List.of(new NewTopic("three-replicas", 1, (short) 3)))
                        .all()))
                .isInstanceOf(InvalidReplicationFactorException.class);

        assertThatThrownBy(() -> Clients.createTopic(admin, "bad-config", 1, Map.of("no.such.config", "1")))
                .isInstanceOf(InvalidConfigurationException.class);

        assertThatThrownBy(() -> Clients.createTopic(admin, "bad-value", 1, Map.of("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigurationException.class);

        get(admin.createTopics(
                        List.of(new NewTopic("validated-only", 2, (short) 1)),
                        new CreateTopicsOptions().validateOnly(true))
                .all());

        assertThat(get(admin.listTopics().names()))
                .contains(existing)
                .doesNotContain("three-replicas", "bad-config", "bad-value", "validated-only");
    }

    @Test
    void createPartitionsGrowsATopicAndNeverShrinksIt() throws Exception {
        String topic = "growing";
        Clients.createTopic(admin, topic, 2, Map.of());

        get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all());

        TopicDescription description =
                get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        assertThat(description.partitions())
                .extracting(TopicPartitionInfo::partition)
                .containsExactly(0, 1, 2, 3);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            RecordMetadata metadata = get(producer.send(new ProducerRecord<>(topic, 3, null, bytes("new"))));
            assertThat(metadata.partition()).isEqualTo(3);
            assertThat(metadata.offset()).isZero();
        }

        assertThatThrownBy(() -> get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3)))
                        .all()))
                .isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4)))
                        .all()))
                .isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> get(admin.createPartitions(Map.of("no-such-topic", NewPartitions.increaseTo(4)))
                        .all()))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void incrementalAlterConfigsChangesWhatDescribeConfigsShowsAndTheBrokerEnforces() throws Exception {
        String topic = "altered";
        Clients.createTopic(admin, topic, 1, Map.of("cleanup.policy", "compact"));

        alter(topic, set("retention.ms", "1000"), set("cleanup.policy", "delete"), set("max.message.bytes", "2048"));

        Config config = describeConfigs(topic);
        assertThat(config.get("retention.ms").value()).isEqualTo("1000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("max.message.bytes").value()).isEqualTo("2048");
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            assertThatThrownBy(() -> get(producer.send(new ProducerRecord<>(topic, 0, null, new byte[4_000]))))
                    .as("a record larger than max.message.bytes")
                    .isInstanceOf(RecordTooLargeException.class);

            alter(topic, new AlterConfigOp(new ConfigEntry("max.message.bytes", null), AlterConfigOp.OpType.DELETE));
            assertThat(describeConfigs(topic).get("max.message.bytes").value()).isEqualTo("1048588");
            RecordMetadata accepted = get(producer.send(new ProducerRecord<>(topic, 0, null, new byte[4_000])));
            assertThat(accepted.offset()).isZero();
        }

        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));
        ConfigEntry retention = describeConfigs(topic).get("retention.ms");
        assertThat(retention.value()).isEqualTo("604800000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void incrementalAlterConfigsAppendsToAndSubtractsFromListConfigs() throws Exception {
        String topic = "list-config";
        Clients.createTopic(admin, topic, 1, Map.of("cleanup.policy", "compact"));

        alter(topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.APPEND));
        assertThat(describeConfigs(topic).get("cleanup.policy").value()).isEqualTo("compact,delete");

        alter(topic, new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SUBTRACT));
        assertThat(describeConfigs(topic).get("cleanup.policy").value()).isEqualTo("delete");
    }

    @Test
    void invalidConfigChangesAreRefusedAndChangeNothing() throws Exception {
        String topic = "refused-configs";
        Clients.createTopic(admin, topic, 1, Map.of("retention.ms", "3600000"));

        assertThatThrownBy(() -> alter(topic, set("no.such.config", "1")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter(topic, set("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter(topic, set("cleanup.policy", "shred")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> alter("no-such-topic", set("retention.ms", "1000")))
                .isInstanceOf(UnknownTopicOrPartitionException.class);

        Config config = describeConfigs(topic);
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("no.such.config")).isNull();
    }

    @Test
    void deletedTopicIsGoneAndARecreatedOneStartsAtOffsetZero() throws Exception {
        String topic = "recreated";
        TopicPartition tp = new TopicPartition(topic, 0);
        Clients.createTopic(admin, topic, 1, Map.of());
        Uuid firstId = get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .topicId();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            send(producer, topic, 5, "first-life");
        }

        get(admin.deleteTopics(List.of(topic)).all());

        assertThat(get(admin.listTopics().names())).doesNotContain(topic);
        assertThatThrownBy(() -> get(admin.describeTopics(List.of(topic)).allTopicNames()))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> get(admin.deleteTopics(List.of(topic)).all()))
                .isInstanceOf(UnknownTopicOrPartitionException.class);

        Clients.createTopic(admin, topic, 1, Map.of());
        Uuid secondId = get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic)
                .topicId();
        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(offsets(admin, List.of(tp), OffsetSpec.latest())).containsEntry(tp, 0L);
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            List<RecordMetadata> sent = send(producer, topic, 1, "second-life");
            assertThat(sent.get(0).offset()).isZero();
        }
        assertThat(readAll(broker.bootstrapServers(), List.of(tp)))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("second-life-0");
    }

    @Test
    void describeClusterNamesThisBroker() throws Exception {
        DescribeClusterResult cluster = admin.describeCluster();
        Collection<Node> nodes = get(cluster.nodes());
        assertThat(nodes).hasSize(1);
        Node node = nodes.iterator().next();
        assertThat(node.id()).isEqualTo(broker.server().config().nodeId());
        assertThat(node.host()).isEqualTo("127.0.0.1");
        assertThat(node.port()).isEqualTo(broker.port());
        assertThat(get(cluster.controller())).isEqualTo(node);
        String clusterId = get(cluster.clusterId());
        assertThat(clusterId).isNotBlank();
        assertThat(get(admin.describeCluster().clusterId())).isEqualTo(clusterId);
    }

    @Test
    void deleteRecordsAdvancesTheEarliestOffset() throws Exception {
        String topic = "delete-records";
        TopicPartition tp = new TopicPartition(topic, 0);
        Clients.createTopic(admin, topic, 1, Map.of());
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            send(producer, topic, 10, "r");
        }

        long low = get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(4)))
                        .lowWatermarks()
                        .get(tp))
                .lowWatermark();

        assertThat(low).isEqualTo(4);
        assertThat(offsets(admin, List.of(tp), OffsetSpec.earliest())).containsEntry(tp, 4L);
        assertThat(offsets(admin, List.of(tp), OffsetSpec.latest())).containsEntry(tp, 10L);
        assertThat(readAll(broker.bootstrapServers(), List.of(tp)))
                .extracting(ConsumerRecord::offset)
                .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);

        assertThatThrownBy(() -> get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(11)))
                        .all()))
                .as("deleting beyond the high watermark")
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(offsets(admin, List.of(tp), OffsetSpec.earliest())).containsEntry(tp, 4L);

        long all = get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1)))
                        .lowWatermarks()
                        .get(tp))
                .lowWatermark();
        assertThat(all).as("-1 deletes up to the high watermark").isEqualTo(10);
        assertThat(offsets(admin, List.of(tp), OffsetSpec.earliest())).containsEntry(tp, 10L);
    }

    @Test
    void listOffsetsFindsEarliestLatestAndByTimestamp() throws Exception {
        String topic = "list-offsets";
        TopicPartition tp = new TopicPartition(topic, 0);
        Clients.createTopic(admin, topic, 1, Map.of());
        long base = System.currentTimeMillis() - 60_000;
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            // Two batches of five records, one second apart each.
            for (int batch = 0; batch < 2; batch++) {
                List<Future<RecordMetadata>> futures = new ArrayList<>();
                for (int i = batch * 5; i < batch * 5 + 5; i++) {
                    futures.add(producer.send(new ProducerRecord<>(topic, 0, base + i * 1_000L, null, bytes("t" + i))));
                }
                producer.flush();
                for (Future<RecordMetadata> future : futures) {
                    get(future);
                }
            }
        }

        assertThat(offsets(admin, List.of(tp), OffsetSpec.earliest())).containsEntry(tp, 0L);
        assertThat(offsets(admin, List.of(tp), OffsetSpec.latest())).containsEntry(tp, 10L);
        assertThat(forTimestamp(tp, base - 10_000)).as("before every record").isEqualTo(hit(0, base));
        assertThat(forTimestamp(tp, base)).isEqualTo(hit(0, base));
        assertThat(forTimestamp(tp, base + 3_500)).as("inside the first batch").isEqualTo(hit(4, base + 4_000));
        assertThat(forTimestamp(tp, base + 4_500)).as("between batches").isEqualTo(hit(5, base + 5_000));
        assertThat(forTimestamp(tp, base + 9_000)).isEqualTo(hit(9, base + 9_000));
        assertThat(forTimestamp(tp, base + 20_000)).as("after every record").isEqualTo(hit(-1, -1));

        ListOffsetsResultInfo max =
                get(admin.listOffsets(Map.of(tp, OffsetSpec.maxTimestamp())).partitionResult(tp));
        assertThat(hit(max.offset(), max.timestamp())).isEqualTo(hit(9, base + 9_000));
    }

    @Test
    void producingToAnUnknownTopicCreatesIt() throws Exception {
        String topic = "auto-created";
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            RecordMetadata metadata = get(producer.send(new ProducerRecord<>(topic, bytes("first"))));
            assertThat(metadata.offset()).isZero();
        }
        TopicDescription description =
                get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        assertThat(description.partitions()).hasSize(broker.server().config().defaultPartitions());
        assertThat(get(admin.listTopics().names())).contains(topic);
        assertThat(readAll(broker.bootstrapServers(), List.of(new TopicPartition(topic, 0))))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("first");
    }

    private record Hit(long offset, long timestamp) {}

    private static Hit hit(long offset, long timestamp) {
        return new Hit(offset, timestamp);
    }

    private Hit forTimestamp(TopicPartition tp, long timestamp) throws Exception {
        ListOffsetsResultInfo info = get(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(timestamp)))
                .partitionResult(tp));
        return hit(info.offset(), info.timestamp());
    }

    private static Node onlyNode() throws Exception {
        Collection<Node> nodes = get(admin.describeCluster().nodes());
        assertThat(nodes).hasSize(1);
        return nodes.iterator().next();
    }

    private static Config describeConfigs(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return get(admin.describeConfigs(List.of(resource)).all()).get(resource);
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    private static void alter(String topic, AlterConfigOp... ops) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(ops))).all());
    }

    private static List<RecordMetadata> send(
            KafkaProducer<byte[], byte[]> producer, String topic, int count, String prefix) throws Exception {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(producer.send(new ProducerRecord<>(topic, 0, null, bytes(prefix + "-" + i))));
        }
        producer.flush();
        List<RecordMetadata> sent = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            sent.add(get(future));
        }
        return sent;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
