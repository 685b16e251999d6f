package io.brook.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.testkit.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two real consumers in one classic group share a topic, commit, and find their offsets after a restart. */
class ClassicGroupSmokeIT {

    private static final String TOPIC = "smoke";
    private static final String GROUP = "smoke-group";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.apache.kafka.clients.consumer.RangeAssignor",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
            })
    void twoConsumersSplitSixPartitionsAndCommittedOffsetsSurviveARestart(String assignor) throws Exception {
        try (var broker = new EmbeddedBroker(dir).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get();
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                for (int i = 0; i < 60; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 6, "k" + i, "v" + i));
                }
                producer.flush();
            }

            Set<String> seen = new HashSet<>();
            try (var a = consumer(broker, assignor);
                    var b = consumer(broker, assignor)) {
                a.subscribe(List.of(TOPIC));
                b.subscribe(List.of(TOPIC));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    a.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.value()));
                    b.poll(Duration.ofMillis(50)).forEach(r -> seen.add(r.value()));
                    assertThat(a.assignment()).hasSize(3);
                    assertThat(b.assignment()).hasSize(3);
                    assertThat(seen).hasSize(60);
                });
                Set<TopicPartition> all = new HashSet<>(a.assignment());
                all.addAll(b.assignment());
                assertThat(all).hasSize(6);

                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(GROUP))
                        .describedGroups()
                        .get(GROUP)
                        .get();
                assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(described.members()).hasSize(2);

                a.commitSync();
                b.commitSync();
            }

            broker.restart();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertThat(committed).hasSize(6);
            assertThat(committed.values())
                    .allSatisfy(o -> assertThat(o.offset()).isEqualTo(10));
        }
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedBroker broker, String assignor) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                assignor,
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
    }
}
