package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Groups.awaitBalanced;
import static io.brook.broker.it.Groups.awaitEveryOffsetConsumed;
import static io.brook.broker.it.Groups.committedOffsets;
import static io.brook.broker.it.Groups.endOffsets;
import static io.brook.broker.it.Groups.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.it.GroupMember.CallbackKind;
import io.brook.testkit.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Java consumers on the consumer group protocol ({@code group.protocol=consumer}, KIP-848), where the broker
 * computes the assignment and members reconcile through ConsumerGroupHeartbeat: members split a topic, a join and a
 * leave lose no record, two groups each read everything, committed offsets survive a restart, the admin client
 * describes consumer and classic groups alike, a static member that restarts keeps its partitions, and a member
 * killed without leaving is evicted when the broker's session timeout runs out.
 */
class ConsumerProtocolGroupIT {

    private static final int PARTITIONS = 6;
    /** The consumer protocol's session timeout ({@code group.consumer.session.timeout.ms}) where a test shortens it. */
    private static final int SHORT_SESSION_TIMEOUT_MS = 6_000;
    /** The heartbeat interval going with {@link #SHORT_SESSION_TIMEOUT_MS}. */
    private static final int SHORT_HEARTBEAT_INTERVAL_MS = 1_000;

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

    private static GroupMember member(String name, String bootstrap, String group, String topic) {
        return member(name, bootstrap, group, topic, Map.of());
    }

    private static GroupMember member(
            String name, String bootstrap, String group, String topic, Map<String, Object> overrides) {
        return GroupMember.start(name, Clients.consumerProtocolConfig(bootstrap, group, overrides), topic);
    }

    @Test
    void membersSplitTheTopicAndAJoinAndALeaveLoseNoRecord() throws Exception {
        String topic = "kip848-split";
        String group = "kip848-split-group";
        String bootstrap = broker.bootstrapServers();
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(bootstrap, topic, PARTITIONS, Map.of());
        produce(bootstrap, topic, PARTITIONS, "before", 120);

        try (GroupMember a = member("a", bootstrap, group, topic);
                GroupMember b = member("b", bootstrap, group, topic)) {
            awaitBalanced(List.of(a, b), partitions);
            assertThat(a.assignment()).hasSize(3).doesNotContainAnyElementsOf(b.assignment());
            awaitEveryOffsetConsumed(List.of(a, b), endOffsets(bootstrap, partitions));

            try (GroupMember c = member("c", bootstrap, group, topic)) {
                awaitBalanced(List.of(a, b, c), partitions);
                produce(bootstrap, topic, PARTITIONS, "three", 120);
                awaitEveryOffsetConsumed(List.of(a, b, c), endOffsets(bootstrap, partitions));

                b.close();
                awaitBalanced(List.of(a, c), partitions);
                produce(bootstrap, topic, PARTITIONS, "after", 120);
                awaitEveryOffsetConsumed(List.of(a, b, c), endOffsets(bootstrap, partitions));
                assertThat(b.callbacks())
                        .as("callbacks of the member that left")
                        .noneMatch(cb -> cb.kind() == CallbackKind.LOST);
            }
        }
    }

    @Test
    void twoGroupsOnOneTopicEachReadEveryRecord() throws Exception {
        String topic = "kip848-two-groups";
        String bootstrap = broker.bootstrapServers();
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(bootstrap, topic, PARTITIONS, Map.of());
        produce(bootstrap, topic, PARTITIONS, "r", 90);
        Map<TopicPartition, Long> end = endOffsets(bootstrap, partitions);

        try (GroupMember first = member("first", bootstrap, "kip848-first", topic);
                GroupMember second = member("second", bootstrap, "kip848-second", topic)) {
            awaitEveryOffsetConsumed(List.of(first), end);
            awaitEveryOffsetConsumed(List.of(second), end);
            assertThat(first.assignment()).containsExactlyInAnyOrderElementsOf(partitions);
            assertThat(second.assignment()).containsExactlyInAnyOrderElementsOf(partitions);
        }
    }

    @Test
    void committedOffsetsSurviveARestart(@TempDir Path restartDir) throws Exception {
        try (EmbeddedBroker own = new EmbeddedBroker(restartDir).start()) {
            String topic = "kip848-restart";
            String group = "kip848-restart-group";
            String bootstrap = own.bootstrapServers();
            List<TopicPartition> partitions = partitions(topic, PARTITIONS);
            createTopic(bootstrap, topic, PARTITIONS, Map.of());
            produce(bootstrap, topic, PARTITIONS, "old", 60);
            Map<TopicPartition, Long> end = endOffsets(bootstrap, partitions);
            try (GroupMember a = member("a", bootstrap, group, topic)) {
                awaitEveryOffsetConsumed(List.of(a), end);
            }
            Map<TopicPartition, Long> committed;
            try (Admin admin = Clients.admin(bootstrap)) {
                committed = committedOffsets(admin, group);
            }
            assertThat(committed).isEqualTo(end);

            own.restart();

            try (Admin admin = Clients.admin(bootstrap)) {
                assertThat(committedOffsets(admin, group)).isEqualTo(committed);
            }
            produce(bootstrap, topic, PARTITIONS, "new", 60);
            Map<TopicPartition, Long> newEnd = endOffsets(bootstrap, partitions);
            try (GroupMember resumed = member("resumed", bootstrap, group, topic)) {
                await("the restarted group resuming at its committed offsets")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            resumed.assertHealthy();
                            return resumed.consumed().size() >= 60;
                        });
                for (ConsumerRecord<byte[], byte[]> record : resumed.consumed()) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    assertThat(record.offset())
                            .as("offset read again in %s", tp)
                            .isGreaterThanOrEqualTo(committed.get(tp))
                            .isLessThan(newEnd.get(tp));
                }
            }
        }
    }

    @Test
    void adminDescribesConsumerAndClassicGroups() throws Exception {
        String topic = "kip848-described";
        String bootstrap = broker.bootstrapServers();
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(bootstrap, topic, PARTITIONS, Map.of());

        try (GroupMember a = member("a", bootstrap, "kip848-described-group", topic);
                GroupMember b = member("b", bootstrap, "kip848-described-group", topic);
                GroupMember classic = GroupMember.start("classic", bootstrap, "kip848-classic-group", topic);
                Admin admin = Clients.admin(bootstrap)) {
            awaitBalanced(List.of(a, b), partitions);
            awaitBalanced(List.of(classic), partitions);

            ConsumerGroupDescription consumer = await("a stable consumer group description")
                    .atMost(Groups.REBALANCE_TIMEOUT)
                    .until(() -> describe(admin, "kip848-described-group"), d -> d.groupState() == GroupState.STABLE);
            assertThat(consumer.type()).isEqualTo(GroupType.CONSUMER);
            assertThat(consumer.members()).hasSize(2);
            Set<TopicPartition> described = new HashSet<>();
            for (MemberDescription m : consumer.members()) {
                assertThat(m.assignment().topicPartitions()).hasSize(3);
                described.addAll(m.assignment().topicPartitions());
            }
            assertThat(described).containsExactlyInAnyOrderElementsOf(partitions);
            Map<String, Set<TopicPartition>> byMember = new HashMap<>();
            consumer.members()
                    .forEach(m -> byMember.put(m.consumerId(), m.assignment().topicPartitions()));
            assertThat(byMember.values()).containsExactlyInAnyOrder(a.assignment(), b.assignment());

            ConsumerGroupDescription classicGroup = describe(admin, "kip848-classic-group");
            assertThat(classicGroup.type()).isEqualTo(GroupType.CLASSIC);
            assertThat(classicGroup.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(classicGroup.members())
                    .singleElement()
                    .satisfies(m -> assertThat(m.assignment().topicPartitions())
                            .containsExactlyInAnyOrderElementsOf(partitions));

            assertThat(get(admin.listGroups().all()))
                    .filteredOn(g -> g.groupId().equals("kip848-described-group"))
                    .singleElement()
                    .satisfies(g -> assertThat(g.type()).hasValue(GroupType.CONSUMER));
        }
    }

    @Test
    void staticMemberRestartingWithinItsSessionTimeoutKeepsItsPartitions() throws Exception {
        String topic = "kip848-static";
        String group = "kip848-static-group";
        String bootstrap = broker.bootstrapServers();
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(bootstrap, topic, PARTITIONS, Map.of());
        produce(bootstrap, topic, PARTITIONS, "r", 60);
        Map<String, Object> staticMember = Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "kip848-static-a");

        try (GroupMember dynamic = member("dynamic", bootstrap, group, topic)) {
            Set<TopicPartition> staticPartitions;
            int mark;
            try (GroupMember first = member("static", bootstrap, group, topic, staticMember)) {
                awaitBalanced(List.of(first, dynamic), partitions);
                staticPartitions = first.assignment();
                mark = dynamic.callbacks().size();
            }
            // A static member leaving with epoch -2 keeps its partitions until its session runs out.
            Set<TopicPartition> dynamicPartitions = new HashSet<>(dynamic.assignment());

            try (GroupMember restarted = member("static-restarted", bootstrap, group, topic, staticMember)) {
                await("the restarted static member getting its partitions back")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .untilAsserted(() -> {
                            restarted.assertHealthy();
                            assertThat(restarted.assignment()).isEqualTo(staticPartitions);
                        });
                await("the other member keeping its partitions")
                        .during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(6))
                        .untilAsserted(() -> {
                            dynamic.assertHealthy();
                            assertThat(dynamic.callbacksSince(mark))
                                    .as("rebalance callbacks of the other member")
                                    .noneMatch(cb -> cb.kind() != CallbackKind.ASSIGNED
                                            || !cb.partitions().isEmpty());
                            assertThat(dynamic.assignment()).isEqualTo(dynamicPartitions);
                        });
            }
        }
    }

    @Test
    void memberKilledWithoutLeavingIsEvictedAfterTheSessionTimeout(@TempDir Path tmp) throws Exception {
        try (EmbeddedBroker own = new EmbeddedBroker(
                        tmp.resolve("data"),
                        c -> c.withConsumerGroupTimeouts(SHORT_SESSION_TIMEOUT_MS, SHORT_HEARTBEAT_INTERVAL_MS))
                .start()) {
            String topic = "kip848-eviction";
            String group = "kip848-eviction-group";
            String bootstrap = own.bootstrapServers();
            List<TopicPartition> partitions = partitions(topic, PARTITIONS);
            createTopic(bootstrap, topic, PARTITIONS, Map.of());
            produce(bootstrap, topic, PARTITIONS, "before", 300);
            Map<TopicPartition, Long> endBefore = endOffsets(bootstrap, partitions);

            try (Admin admin = Clients.admin(bootstrap);
                    ChildGroupMember child =
                            ChildGroupMember.startOnConsumerProtocol(tmp.resolve("child"), bootstrap, group, topic)) {
                await("the child member reading the whole topic alone")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .untilAsserted(() -> {
                            assertThat(child.state().assignment()).containsExactlyInAnyOrderElementsOf(partitions);
                            assertThat(committedOffsets(admin, group)).isEqualTo(endBefore);
                        });

                try (GroupMember survivor = member("survivor", bootstrap, group, topic)) {
                    await("the child and the survivor sharing the topic")
                            .atMost(Groups.REBALANCE_TIMEOUT)
                            .untilAsserted(() -> {
                                survivor.assertHealthy();
                                ChildGroupMember.State state = child.state();
                                assertThat(state.assignment()).hasSize(PARTITIONS / 2);
                                assertThat(survivor.assignment())
                                        .hasSize(PARTITIONS / 2)
                                        .doesNotContainAnyElementsOf(state.assignment());
                            });
                    Set<TopicPartition> childPartitions = child.state().assignment();
                    Set<TopicPartition> survivorPartitions = survivor.assignment();
                    produce(bootstrap, topic, PARTITIONS, "two-members", 300);
                    Map<TopicPartition, Long> endTwoMembers = endOffsets(bootstrap, partitions);
                    await("the child committing what it read of its partitions")
                            .atMost(Groups.REBALANCE_TIMEOUT)
                            .untilAsserted(() -> {
                                Map<TopicPartition, Long> committed = committedOffsets(admin, group);
                                childPartitions.forEach(tp -> assertThat(committed.get(tp))
                                        .as("committed offset of %s", tp)
                                        .isEqualTo(endTwoMembers.get(tp)));
                            });

                    new EvictionCheck(
                                    admin,
                                    bootstrap,
                                    topic,
                                    group,
                                    partitions,
                                    endBefore,
                                    endTwoMembers,
                                    childPartitions,
                                    survivorPartitions)
                            .killAndAssertSurvivorTakesOver(child, survivor);
                }
            }
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
    }
}
