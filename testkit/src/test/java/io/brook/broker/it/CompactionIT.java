package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.storage.CleanerStats;
import io.brook.storage.LogManager;
import io.brook.testkit.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log compaction seen from a real consumer: after the cleaner runs, a compacted topic read from the beginning holds
 * exactly the latest value of each live key, each at the offset it was produced at; tombstones are kept for
 * {@code delete.retention.ms} and then removed; records younger than {@code min.compaction.lag.ms} are left alone;
 * {@code compact,delete} also deletes old segments by time. The group coordinator's compacted offsets topic, once
 * cleaned, still gives every group its latest committed offsets after a restart.
 *
 * <p>Cleaning is triggered synchronously through the broker's log manager ({@link LogManager#runCleaner()}), pass
 * after pass until no log is due, so the test does not wait for the background cleaner.
 */
class CompactionIT {

    /** Small segments so the log rolls often: the active segment is never cleaned. */
    private static final int SEGMENT_BYTES = 1024;

    private static final long DELETE_RETENTION_MS = 4_000;

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

    /** A record as acknowledged: where it landed and what it holds (a null value is a tombstone). */
    private record Written(long offset, String key, String value) {}

    @Test
    void consumerReadsTheLatestValuePerKeyAtItsOriginalOffsetAndTombstonesExpire() throws Exception {
        String topic = "compacted";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(broker.bootstrapServers(), topic, 1, compactConfig("compact", Map.of()));
        List<Written> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < 20; k++) {
                    written.add(send(producer, topic, "key-" + k, "value-" + k + "-round-" + round));
                }
            }
            for (int k = 0; k < 5; k++) {
                written.add(send(producer, topic, "key-" + k, null));
            }
            written.add(send(producer, topic, "key-0", "revived"));
            // Roll past everything above, so all of it lies in inactive, cleanable segments.
            for (int i = 0; i < 40; i++) {
                written.add(send(producer, topic, "filler-" + i, "filler"));
            }
        }
        Map<TopicPartition, Long> endBefore = endOffsets(tp);

        List<CleanerStats> passes = cleanUntilNothingIsDue();

        assertThat(passes)
                .as("cleaning passes over %s", tp)
                .anyMatch(p -> p.topicPartition().equals(tp));
        Map<String, Written> latest = latestPerKey(written);
        List<Written> expectedWithTombstones =
                latest.values().stream().sorted(byOffset()).toList();
        assertThat(read(tp))
                .as("%s after the first cleaning: latest record per key, tombstones kept", tp)
                .containsExactlyElementsOf(expectedWithTombstones);
        assertThat(endOffsets(tp)).as("log end offset after cleaning").isEqualTo(endBefore);
        assertThat(earliestOffset(tp)).as("log start offset after cleaning").isZero();

        List<Written> expectedLive =
                expectedWithTombstones.stream().filter(w -> w.value() != null).toList();
        assertThat(expectedLive).hasSize(expectedWithTombstones.size() - 4);
        await("tombstones removed once delete.retention.ms has passed")
                .atMost(Duration.ofSeconds(DELETE_RETENTION_MS / 1000 + 20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    cleanUntilNothingIsDue();
                    assertThat(read(tp)).containsExactlyElementsOf(expectedLive);
                });
        assertThat(endOffsets(tp)).as("log end offset after tombstones went").isEqualTo(endBefore);
    }

    @Test
    void recordsYoungerThanMinCompactionLagAreNotCleaned() throws Exception {
        String topic = "compaction-lag";
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(
                broker.bootstrapServers(),
                topic,
                1,
                compactConfig(
                        "compact",
                        Map.of(
                                "min.compaction.lag.ms",
                                Long.toString(Duration.ofHours(1).toMillis()))));
        List<Written> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            for (int round = 0; round < 4; round++) {
                for (int k = 0; k < 10; k++) {
                    written.add(send(producer, topic, "key-" + k, "value-" + k + "-round-" + round));
                }
            }
        }

        List<CleanerStats> passes = cleanUntilNothingIsDue();

        assertThat(passes)
                .as("cleaning passes")
                .noneMatch(p -> p.topicPartition().equals(tp));
        assertThat(read(tp)).as("%s, all younger than the lag", tp).containsExactlyElementsOf(written);
    }

    @Test
    void compactDeletePolicyCompactsAndDeletesSegmentsPastRetention() throws Exception {
        String topic = "compact-delete";
        TopicPartition tp = new TopicPartition(topic, 0);
        long retentionMs = Duration.ofHours(1).toMillis();
        createTopic(
                broker.bootstrapServers(),
                topic,
                1,
                compactConfig("compact,delete", Map.of("retention.ms", Long.toString(retentionMs))));
        long old = System.currentTimeMillis() - 2 * retentionMs;
        List<Written> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(broker.bootstrapServers())) {
            for (int i = 0; i < 40; i++) {
                written.add(send(producer, topic, old + i, "key-" + (i % 10), "old-" + i));
            }
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 10; k++) {
                    written.add(send(producer, topic, null, "key-" + k, "recent-" + k + "-round-" + round));
                }
            }
            for (int i = 0; i < 40; i++) {
                written.add(send(producer, topic, null, "filler-" + i, "filler"));
            }
        }
        long firstRecent = written.get(40).offset();

        logManager().runRetention();
        cleanUntilNothingIsDue();

        long logStart = earliestOffset(tp);
        assertThat(logStart)
                .as("log start offset after retention: old segments deleted, none with a recent record")
                .isPositive()
                .isLessThanOrEqualTo(firstRecent);
        Map<String, Written> latest = latestPerKey(
                written.stream().filter(w -> w.offset() >= logStart).toList());
        assertThat(read(tp))
                .as("%s after retention and cleaning", tp)
                .containsExactlyElementsOf(
                        latest.values().stream().sorted(byOffset()).toList());
    }

    @Test
    void committedOffsetsSurviveCleaningOfTheOffsetsTopicAndARestart() throws Exception {
        String topic = "offsets-compaction";
        String group = "offsets-compaction-group";
        String deletedGroup = "offsets-compaction-deleted";
        createTopic(broker.bootstrapServers(), topic, 2, Map.of());
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        Map<TopicPartition, OffsetAndMetadata> last = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        Clients.groupConsumer(broker.bootstrapServers(), group, Map.of());
                KafkaConsumer<byte[], byte[]> other =
                        Clients.groupConsumer(broker.bootstrapServers(), deletedGroup, Map.of())) {
            // The first commit creates the offsets topic; then its segments are made small, so they roll.
            other.commitSync(Map.of(p0, new OffsetAndMetadata(7)), Clients.CALL_TIMEOUT);
            shrinkOffsetsTopicSegments();
            for (int i = 1; i <= 150; i++) {
                last.put(p0, new OffsetAndMetadata(i, "commit-" + i));
                last.put(p1, new OffsetAndMetadata(1000 + i));
                consumer.commitSync(last, Clients.CALL_TIMEOUT);
            }
        }
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            get(admin.deleteConsumerGroups(List.of(deletedGroup)).all());
        }
        long recordsBefore = offsetsTopicRecords();

        List<CleanerStats> passes = cleanUntilNothingIsDue();

        assertThat(passes)
                .as("cleaning passes over __consumer_offsets")
                .anyMatch(p -> p.topicPartition().topic().equals("__consumer_offsets"));
        assertThat(offsetsTopicRecords())
                .as("records left in __consumer_offsets after cleaning")
                .isLessThan(recordsBefore / 2);

        broker.restart();

        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            assertThat(get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()))
                    .as("offsets of %s after cleaning and a restart", group)
                    .isEqualTo(last);
            assertThat(Groups.committedOffsets(admin, deletedGroup))
                    .as("offsets of the deleted group after cleaning and a restart")
                    .isEmpty();
        }
    }

    private static void shrinkOffsetsTopicSegments() throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            ConfigResource offsetsTopic = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
            get(admin.incrementalAlterConfigs(Map.of(
                            offsetsTopic,
                            List.of(
                                    set("segment.bytes", Integer.toString(SEGMENT_BYTES)),
                                    set("min.cleanable.dirty.ratio", "0.01"),
                                    set("delete.retention.ms", "0"))))
                    .all());
        }
    }

    private static Map<String, String> compactConfig(String policy, Map<String, String> more) {
        Map<String, String> config = new HashMap<>(Map.of(
                "cleanup.policy",
                policy,
                "segment.bytes",
                Integer.toString(SEGMENT_BYTES),
                "min.cleanable.dirty.ratio",
                "0.01",
                "delete.retention.ms",
                Long.toString(DELETE_RETENTION_MS)));
        config.putAll(more);
        return config;
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }

    /** Runs cleaning passes until none is due, and returns what they did. */
    private static List<CleanerStats> cleanUntilNothingIsDue() {
        List<CleanerStats> passes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Optional<CleanerStats> pass = logManager().runCleaner();
            if (pass.isEmpty()) {
                return passes;
            }
            passes.add(pass.get());
        }
        throw new AssertionError("the cleaner still had work after 100 passes: " + passes);
    }

    /** Sends one record and waits for its acknowledgement, so each record is a batch of its own. */
    private static Written send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String value)
            throws Exception {
        return send(producer, topic, null, key, value);
    }

    private static Written send(
            KafkaProducer<byte[], byte[]> producer, String topic, Long timestamp, String key, String value)
            throws Exception {
        RecordMetadata metadata = get(producer.send(
                new ProducerRecord<>(topic, 0, timestamp, bytes(key), value == null ? null : bytes(value))));
        return new Written(metadata.offset(), key, value);
    }

    /** The last record written for each key, in key order of first appearance. */
    private static Map<String, Written> latestPerKey(List<Written> written) {
        Map<String, Written> latest = new LinkedHashMap<>();
        for (Written w : written) {
            latest.put(w.key(), w);
        }
        return latest;
    }

    private static Comparator<Written> byOffset() {
        return Comparator.comparingLong(Written::offset);
    }

    private static List<Written> read(TopicPartition tp) {
        List<Written> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(broker.bootstrapServers(), List.of(tp))) {
            result.add(new Written(
                    record.offset(),
                    new String(record.key(), StandardCharsets.UTF_8),
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        }
        return result;
    }

    /** Records in all partitions of the offsets topic, read from their beginnings. */
    private static long offsetsTopicRecords() throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            int partitions = get(admin.describeTopics(List.of("__consumer_offsets"))
                            .allTopicNames())
                    .get("__consumer_offsets")
                    .partitions()
                    .size();
            return readAll(broker.bootstrapServers(), Clients.partitions("__consumer_offsets", partitions))
                    .size();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(TopicPartition tp) throws Exception {
        return Groups.endOffsets(broker.bootstrapServers(), List.of(tp));
    }

    private static long earliestOffset(TopicPartition tp) throws Exception {
        try (Admin admin = Clients.admin(broker.bootstrapServers())) {
            return Clients.offsets(admin, List.of(tp), OffsetSpec.earliest()).get(tp);
        }
    }

    /** The embedded broker's log manager, to run retention and cleaning passes on demand. */
    private static LogManager logManager() {
        return broker.server().logManager();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
