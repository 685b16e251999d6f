package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Groups.awaitBalanced;
import static io.brook.broker.it.Groups.committedOffsets;
import static io.brook.broker.it.Groups.endOffsets;
import static io.brook.broker.it.Groups.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.brook.testkit.BrokerProcess;
import io.brook.testkit.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed offsets: they survive a clean restart and a SIGKILL of the broker, and a new member of the group resumes
 * at them; the admin client lists and describes groups, lists, alters and deletes their offsets (the lag is end
 * offset minus committed offset) and deletes empty groups.
 */
class OffsetsIT {

    private static final int PARTITIONS = 3;

    @Test
    void committedOffsetsSurviveACleanRestart(@TempDir Path dataDir) throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir).start()) {
            String topic = "clean-restart";
            Map<TopicPartition, OffsetAndMetadata> committed =
                    commitPartWayThrough(broker.bootstrapServers(), topic, "restart-group");

            broker.restart();

            assertResumesAtCommittedOffsets(broker.bootstrapServers(), topic, "restart-group", committed);
        }
    }

    @Test
    void committedOffsetsSurviveSigkillOfTheBrokerProcess(@TempDir Path tmp) throws Exception {
        try (BrokerProcess process = new BrokerProcess(tmp.resolve("data")).start(Duration.ofSeconds(90))) {
            String topic = "sigkill";
            Map<TopicPartition, OffsetAndMetadata> committed =
                    commitPartWayThrough(process.bootstrapServers(), topic, "sigkill-group");

            process.kill();
            process.start(Duration.ofSeconds(90));

            assertResumesAtCommittedOffsets(process.bootstrapServers(), topic, "sigkill-group", committed);
        }
    }

    @Test
    void adminListsDescribesAltersAndDeletesGroupsAndOffsets(@TempDir Path dataDir) throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(dataDir).start();
                Admin admin = Clients.admin(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            String topic = "admin-groups";
            String group = "admin-group";
            List<TopicPartition> partitions = partitions(topic, PARTITIONS);
            createTopic(bootstrap, topic, PARTITIONS, Map.of());
            produce(bootstrap, topic, PARTITIONS, "r", 300);
            Map<TopicPartition, Long> end = endOffsets(bootstrap, partitions);

            try (GroupMember a = GroupMember.start("a", bootstrap, group, topic);
                    GroupMember b = GroupMember.start("b", bootstrap, group, topic);
                    GroupMember c = GroupMember.start("c", bootstrap, group, topic)) {
                List<GroupMember> members = List.of(a, b, c);
                awaitBalanced(members, partitions);
                await("the group committing every record")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .until(() -> committedOffsets(admin, group).equals(end));

                assertThat(consumerGroups(admin))
                        .as("consumer groups listed while the group is active")
                        .anySatisfy(listing -> {
                            assertThat(listing.groupId()).isEqualTo(group);
                            assertThat(listing.groupState()).contains(GroupState.STABLE);
                            assertThat(listing.type()).contains(GroupType.CLASSIC);
                            assertThat(listing.isSimpleConsumerGroup()).isFalse();
                        });
                ConsumerGroupDescription description = describe(admin, group);
                assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(description.type()).isEqualTo(GroupType.CLASSIC);
                assertThat(description.partitionAssignor()).isEqualTo("range");
                assertThat(description.isSimpleConsumerGroup()).isFalse();
                assertThat(description.coordinator().id())
                        .isEqualTo(broker.server().config().nodeId());
                assertThat(description.members()).hasSize(3);
                Set<TopicPartition> described = new HashSet<>();
                for (MemberDescription member : description.members()) {
                    assertThat(member.consumerId()).isNotBlank();
                    assertThat(member.clientId()).isNotBlank();
                    assertThat(member.host()).contains("127.0.0.1");
                    assertThat(member.assignment().topicPartitions()).hasSize(1);
                    described.addAll(member.assignment().topicPartitions());
                }
                assertThat(described).containsExactlyInAnyOrderElementsOf(partitions);
                assertThat(members.stream().map(GroupMember::assignment).toList())
                        .as("assignments as the members see them")
                        .containsExactlyInAnyOrderElementsOf(description.members().stream()
                                .map(m -> m.assignment().topicPartitions())
                                .toList());
                assertThat(lag(admin, group, partitions))
                        .as("lag of a group that read everything")
                        .isEqualTo(Map.of(partitions.get(0), 0L, partitions.get(1), 0L, partitions.get(2), 0L));

                assertThatThrownBy(() ->
                                get(admin.deleteConsumerGroups(List.of(group)).all()))
                        .as("deleting a group with members")
                        .isInstanceOf(GroupNotEmptyException.class);
            }

            awaitEmpty(admin, group);
            assertThat(describe(admin, group).members()).isEmpty();
            assertThat(committedOffsets(admin, group))
                    .as("committed offsets once every member left")
                    .isEqualTo(end);
            produce(bootstrap, topic, PARTITIONS, "unread", 30);
            TopicPartition p0 = partitions.get(0);
            TopicPartition p1 = partitions.get(1);
            TopicPartition p2 = partitions.get(2);
            assertThat(lag(admin, group, partitions))
                    .as("lag after 10 more records per partition")
                    .isEqualTo(Map.of(p0, 10L, p1, 10L, p2, 10L));

            get(admin.alterConsumerGroupOffsets(
                            group, Map.of(p0, new OffsetAndMetadata(10, "reset"), p1, new OffsetAndMetadata(0)))
                    .all());
            Map<TopicPartition, OffsetAndMetadata> altered =
                    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            assertThat(altered.get(p0)).isEqualTo(new OffsetAndMetadata(10, "reset"));
            assertThat(altered.get(p1).offset()).isZero();
            assertThat(altered.get(p2).offset()).isEqualTo(100);
            assertThat(lag(admin, group, partitions))
                    .as("lag after the reset")
                    .isEqualTo(Map.of(p0, 100L, p1, 110L, p2, 10L));
            assertResumesAt(bootstrap, topic, group, Map.of(p0, 10L, p1, 0L, p2, 100L));

            awaitEmpty(admin, group);
            get(admin.deleteConsumerGroupOffsets(group, Set.of(p1)).all());
            assertThat(get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()))
                    .as("offsets after deleting the one of %s", p1)
                    .containsOnlyKeys(p0, p2);

            get(admin.deleteConsumerGroups(List.of(group)).all());
            assertThat(consumerGroups(admin))
                    .noneMatch(listing -> listing.groupId().equals(group));
            assertThat(committedOffsets(admin, group))
                    .as("offsets of the deleted group")
                    .isEmpty();
            assertThatThrownBy(
                            () -> get(admin.deleteConsumerGroups(List.of(group)).all()))
                    .as("deleting the group again")
                    .isInstanceOf(GroupIdNotFoundException.class);
        }
    }

    private static void awaitEmpty(Admin admin, String group) {
        await(group + " empty once its members left")
                .atMost(Groups.REBALANCE_TIMEOUT)
                .until(() -> describe(admin, group).groupState() == GroupState.EMPTY);
    }

    /**
     * Produces 100 records to each partition and has a group member commit offsets 17, 42 and 0 (with metadata) on
     * the three partitions; the member then leaves.
     */
    private static Map<TopicPartition, OffsetAndMetadata> commitPartWayThrough(
            String bootstrap, String topic, String group) throws Exception {
        createTopic(bootstrap, topic, PARTITIONS, Map.of());
        produce(bootstrap, topic, PARTITIONS, "r", 300);
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        committed.put(new TopicPartition(topic, 0), new OffsetAndMetadata(17, "seventeen"));
        committed.put(new TopicPartition(topic, 1), new OffsetAndMetadata(42, "forty-two"));
        committed.put(new TopicPartition(topic, 2), new OffsetAndMetadata(0, ""));
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.groupConsumer(bootstrap, group, Map.of())) {
            consumer.subscribe(List.of(topic));
            await("joining " + group)
                    .atMost(Groups.REBALANCE_TIMEOUT)
                    .pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100));
                        return consumer.assignment().size() == PARTITIONS;
                    });
            consumer.commitSync(committed, Clients.CALL_TIMEOUT);
            assertThat(consumer.committed(committed.keySet(), Clients.CALL_TIMEOUT))
                    .isEqualTo(committed);
        }
        return committed;
    }

    /** A new member of {@code group} sees the committed offsets and reads each partition from them to its end. */
    private static void assertResumesAtCommittedOffsets(
            String bootstrap, String topic, String group, Map<TopicPartition, OffsetAndMetadata> committed)
            throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            assertThat(get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()))
                    .as("offsets listed after the broker came back")
                    .isEqualTo(committed);
        }
        Map<TopicPartition, Long> from = new HashMap<>();
        committed.forEach((tp, offset) -> from.put(tp, offset.offset()));
        assertResumesAt(bootstrap, topic, group, from);
    }

    /** A new member of {@code group} reads each partition from {@code from} to its end, without gaps. */
    private static void assertResumesAt(String bootstrap, String topic, String group, Map<TopicPartition, Long> from)
            throws Exception {
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        Map<TopicPartition, Long> end = endOffsets(bootstrap, partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.groupConsumer(bootstrap, group, Map.of())) {
            consumer.subscribe(List.of(topic));
            await("a new member of " + group + " reading to the end")
                    .atMost(Groups.REBALANCE_TIMEOUT)
                    .pollInSameThread()
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return consumer.assignment().size() == PARTITIONS
                                && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        Map<TopicPartition, List<Long>> read = new HashMap<>();
        records.forEach(r -> read.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                .add(r.offset()));
        for (TopicPartition tp : partitions) {
            List<Long> expected = new ArrayList<>();
            for (long offset = from.get(tp); offset < end.get(tp); offset++) {
                expected.add(offset);
            }
            assertThat(read.getOrDefault(tp, List.of()))
                    .as("offsets of %s read by a new member", tp)
                    .isEqualTo(expected);
        }
    }

    private static Collection<GroupListing> consumerGroups(Admin admin) throws Exception {
        return get(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
    }

    /** End offset minus committed offset, for each partition with a committed offset. */
    private static Map<TopicPartition, Long> lag(Admin admin, String group, Collection<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, Long> committed = committedOffsets(admin, group);
        Map<TopicPartition, Long> end = Clients.offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (committed.containsKey(tp)) {
                lag.put(tp, end.get(tp) - committed.get(tp));
            }
        }
        return lag;
    }
}
