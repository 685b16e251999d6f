package io.brook.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.testkit.EmbeddedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three controllers and three brokers in this JVM: topics are placed over the brokers, replicated, and survive the
 * loss of a broker with no acknowledged record lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationIT {

    @TempDir
    static Path dir;

    private static EmbeddedCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(
                dir, 3, 3, Map.of("brook.controller.leader-balance-interval", "1s"), config -> config);
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Test
    @Order(1)
    void topicsAreSpreadOverTheBrokersWithEveryReplicaInSync() throws Exception {
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                .all()
                .get();
        TopicDescription description = describe("orders");
        Set<Integer> leaders = new HashSet<>();
        for (TopicPartitionInfo p : description.partitions()) {
            leaders.add(p.leader().id());
            assertThat(p.replicas()).hasSize(3);
            assertThat(p.isr()).hasSize(3);
        }
        assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    @Order(2)
    void acknowledgedRecordsAreOnEveryReplica() throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (var producer = producer()) {
            for (int i = 0; i < 3_000; i++) {
                sent.add(producer.send(new ProducerRecord<>("orders", "k" + i, "v" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        assertThat(readAll("orders", 3_000)).hasSize(3_000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (int p = 0; p < 3; p++) {
                TopicPartition tp = new TopicPartition("orders", p);
                Set<Long> ends = new HashSet<>();
                for (var broker : cluster.brokers()) {
                    ends.add(broker.server().logManager().log(tp).orElseThrow().logEndOffset());
                }
                assertThat(ends)
                        .as("log end offsets of %s on the three brokers", tp)
                        .hasSize(1);
            }
        });
    }

    @Test
    @Order(3)
    void losingALeaderLosesNoAcknowledgedRecord() throws Exception {
        int leader = describe("orders").partitions().get(0).leader().id();
        try (var producer = producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                sent.add(producer.send(new ProducerRecord<>("orders", 0, "k", "before-" + i)));
            }
            producer.flush();
            cluster.broker(leader).stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                var p0 = describe("orders").partitions().get(0);
                return p0.leader() != null && p0.leader().id() != leader;
            });
            for (int i = 0; i < 500; i++) {
                sent.add(producer.send(new ProducerRecord<>("orders", 0, "k", "after-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        var values = readAll("orders", 4_000).stream()
                .filter(r -> r.partition() == 0 && r.key().equals("k"))
                .map(ConsumerRecord::value)
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            expected.add("before-" + i);
        }
        for (int i = 0; i < 500; i++) {
            expected.add("after-" + i);
        }
        assertThat(values).containsExactlyElementsOf(expected);

        cluster.broker(leader).start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> describe("orders").partitions().stream()
                        .allMatch(p -> p.isr().size() == 3));
        // Back in sync, the broker gets its preferred partitions back: leaders are spread again.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> describe("orders").partitions().stream()
                                .map(p -> p.leader().id())
                                .distinct()
                                .count()
                        == 3);
    }

    @Test
    @Order(4)
    void adminRequestsToAnyBrokerAreCarriedOutByTheController() throws Exception {
        admin.createTopics(List.of(new NewTopic("admin-ops", 1, (short) 2)))
                .all()
                .get();
        admin.createPartitions(Map.of("admin-ops", NewPartitions.increaseTo(3)))
                .all()
                .get();
        TopicDescription grown = describe("admin-ops");
        assertThat(grown.partitions()).hasSize(3);
        grown.partitions().forEach(p -> assertThat(p.replicas()).hasSize(2));

        var resource = new ConfigResource(ConfigResource.Type.TOPIC, "admin-ops");
        admin.incrementalAlterConfigs(Map.of(
                        resource,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET))))
                .all()
                .get();
        for (var broker : cluster.brokers()) {
            try (Admin viaBroker = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                await().atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(viaBroker
                                        .describeConfigs(List.of(resource))
                                        .all()
                                        .get()
                                        .get(resource)
                                        .get("retention.ms")
                                        .value())
                                .isEqualTo("3600000"));
            }
        }

        admin.deleteTopics(List.of("admin-ops")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("admin-ops");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (var broker : cluster.brokers()) {
                for (int p = 0; p < 3; p++) {
                    assertThat(broker.server().logManager().log(new TopicPartition("admin-ops", p)))
                            .isEmpty();
                }
            }
        });
    }
}
