package io.brook.broker.it;

import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Groups.committedOffsets;
import static io.brook.broker.it.Groups.endOffsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.testkit.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kcat's balanced consumer ({@code -G}, librdkafka's consumer group client) joins a group on the broker, consumes
 * every record, and commits offsets that the Java admin client lists and a Java member of the same group resumes
 * from. kcat must be installed ({@code apt-get install kcat}); the test fails if it is not.
 */
class KcatGroupIT {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 90;

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
    void balancedKcatConsumerReadsEveryRecordAndCommitsItsOffsets() throws Exception {
        String topic = "kcat-group";
        String group = "kcat-group";
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        Clients.createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        List<String> lines = produce(topic, "first", RECORDS);
        Map<TopicPartition, Long> end = endOffsets(broker.bootstrapServers(), partitions);

        Kcat.Run consumed = kcat.run(
                "",
                "-b",
                broker.bootstrapServers(),
                "-G",
                group,
                topic,
                "-c",
                Integer.toString(RECORDS),
                "-q",
                "-f",
                "%k:%s\n",
                "-X",
                "auto.offset.reset=earliest");

        assertThat(consumed.exitCode())
                .as("kcat -G failed: %s", consumed.stderr())
                .isZero();
        assertThat(consumed.stdout().lines().toList()).containsExactlyInAnyOrderElementsOf(lines);
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            assertThat(committedOffsets(admin, group))
                    .as("offsets kcat committed when it closed")
                    .isEqualTo(end);
        }

        List<String> more = produce(topic, "second", 30);
        List<String> readByJava = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                Clients.groupConsumer(broker.bootstrapServers(), group, Map.of())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await("a Java member of kcat's group reading what kcat has not")
                    .atMost(Groups.REBALANCE_TIMEOUT)
                    .pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return records.size() >= more.size();
                    });
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                assertThat(record.offset()).as("offset read from %s", tp).isGreaterThanOrEqualTo(end.get(tp));
                readByJava.add(string(record.key()) + ":" + string(record.value()));
            }
        }
        assertThat(readByJava).containsExactlyInAnyOrderElementsOf(more);
    }

    /** Sends {@code count} keyed records with the Java producer and returns them as {@code key:value} lines. */
    private static List<String> produce(String topic, String prefix, int count) throws Exception {
        List<String> lines = new ArrayList<>();
        Groups.produce(broker.bootstrapServers(), topic, PARTITIONS, prefix, count);
        for (int i = 0; i < count; i++) {
            lines.add(prefix + "-key-" + i + ":" + prefix + "-" + i);
        }
        return lines;
    }

    private static String string(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
