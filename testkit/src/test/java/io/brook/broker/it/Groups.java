package io.brook.broker.it;

import static io.brook.broker.it.Clients.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Helpers for the consumer group tests: producing to every partition, waiting for a balanced group, delivery. */
final class Groups {

    /** How long a rebalance may take, including the coordinator's initial delay for a new group. */
    static final Duration REBALANCE_TIMEOUT = Duration.ofSeconds(30);

    private Groups() {}

    /**
     * Sends {@code count} keyed records spread evenly over the topic's partitions (explicit partition {@code i %
     * partitions}), waits for every acknowledgement and returns where each landed.
     */
    static List<RecordMetadata> produce(String bootstrap, String topic, int partitions, String prefix, int count)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap)) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(producer.send(new ProducerRecord<>(
                        topic,
                        i % partitions,
                        (prefix + "-key-" + i).getBytes(StandardCharsets.UTF_8),
                        (prefix + "-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            List<RecordMetadata> acknowledged = new ArrayList<>();
            for (Future<RecordMetadata> future : futures) {
                acknowledged.add(get(future));
            }
            return acknowledged;
        }
    }

    static Map<TopicPartition, Long> endOffsets(String bootstrap, Collection<TopicPartition> partitions)
            throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            return Clients.offsets(admin, partitions, OffsetSpec.latest());
        }
    }

    /** The group's committed offsets as the admin client lists them (partitions without one are left out). */
    static Map<TopicPartition, Long> committedOffsets(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> result = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                result.put(tp, offset.offset());
            }
        });
        return result;
    }

    /**
     * Waits until the members share {@code partitions} evenly: each holds {@code partitions / members} of them, no
     * two hold the same one, all of them are held, and every member is in the same generation.
     */
    static void awaitBalanced(List<GroupMember> members, Collection<TopicPartition> partitions) {
        int share = partitions.size() / members.size();
        await("members " + names(members) + " sharing " + partitions.size() + " partitions evenly")
                .atMost(REBALANCE_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    members.forEach(GroupMember::assertHealthy);
                    Set<TopicPartition> union = new HashSet<>();
                    for (GroupMember member : members) {
                        assertThat(member.assignment())
                                .as("assignment of %s", member.name())
                                .hasSize(share);
                        union.addAll(member.assignment());
                    }
                    assertThat(union)
                            .as("partitions held by the group")
                            .containsExactlyInAnyOrderElementsOf(partitions);
                    assertThat(members.stream().map(GroupMember::generation).distinct())
                            .as("generations of %s", names(members))
                            .hasSize(1)
                            .allMatch(generation -> generation >= 0);
                });
    }

    /** Waits until the members together have consumed every offset below {@code end}, then checks there is no gap. */
    static void awaitEveryOffsetConsumed(List<GroupMember> members, Map<TopicPartition, Long> end) {
        await("members " + names(members) + " consuming up to " + end)
                .atMost(REBALANCE_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    members.forEach(GroupMember::assertHealthy);
                    Map<TopicPartition, Set<Long>> offsets = offsetsByPartition(consumedBy(members));
                    return end.entrySet().stream()
                            .allMatch(e -> offsets.getOrDefault(e.getKey(), Set.of())
                                    .containsAll(LongStream.range(0, e.getValue())
                                            .boxed()
                                            .toList()));
                });
        assertEveryOffsetConsumed(consumedBy(members), end);
    }

    /**
     * At-least-once without gaps: for each partition, the offsets consumed (duplicates allowed) are exactly
     * {@code 0 .. end - 1}.
     */
    static void assertEveryOffsetConsumed(
            Collection<ConsumerRecord<byte[], byte[]>> consumed, Map<TopicPartition, Long> end) {
        Map<TopicPartition, Set<Long>> offsets = offsetsByPartition(consumed);
        assertThat(offsets.keySet()).as("partitions consumed").isSubsetOf(end.keySet());
        end.forEach((tp, endOffset) -> assertThat(offsets.getOrDefault(tp, Set.of()))
                .as("offsets of %s consumed by the group", tp)
                .containsExactlyElementsOf(
                        LongStream.range(0, endOffset).boxed().toList()));
    }

    static List<ConsumerRecord<byte[], byte[]>> consumedBy(List<GroupMember> members) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        members.forEach(m -> all.addAll(m.consumed()));
        return all;
    }

    static Map<TopicPartition, Set<Long>> offsetsByPartition(Collection<ConsumerRecord<byte[], byte[]>> consumed) {
        Map<TopicPartition, Set<Long>> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : consumed) {
            offsets.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), tp -> new TreeSet<>())
                    .add(record.offset());
        }
        return offsets;
    }

    private static List<String> names(List<GroupMember> members) {
        return members.stream().map(GroupMember::name).toList();
    }
}
