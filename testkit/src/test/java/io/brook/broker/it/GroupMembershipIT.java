package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Groups.awaitBalanced;
import static io.brook.broker.it.Groups.committedOffsets;
import static io.brook.broker.it.Groups.endOffsets;
import static io.brook.broker.it.Groups.produce;
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
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group membership over time: a member that dies without leaving is evicted when its session times out and its
 * partitions go to the survivor, which resumes at the dead member's committed offsets; a static member
 * ({@code group.instance.id}) that restarts within its session timeout gets its partitions back without a rebalance.
 */
class GroupMembershipIT {

    private static final int PARTITIONS = 6;
    /** The broker's smallest allowed session timeout ({@code group.min.session.timeout.ms}). */
    private static final int SHORT_SESSION_TIMEOUT_MS = 6_000;

    @TempDir
    static Path tmp;

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedBroker(tmp.resolve("data")).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void memberKilledWithoutLeavingIsEvictedAfterItsSessionTimeout() throws Exception {
        String topic = "eviction";
        String group = "eviction-group";
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        produce(broker.bootstrapServers(), topic, PARTITIONS, "before", 300);
        Map<TopicPartition, Long> endBefore = endOffsets(broker.bootstrapServers(), partitions);

        try (Admin admin = Clients.admin(broker.bootstrapServers());
                ChildGroupMember child = ChildGroupMember.start(
                        tmp, broker.bootstrapServers(), group, topic, SHORT_SESSION_TIMEOUT_MS)) {
            await("the child member reading the whole topic alone")
                    .atMost(Groups.REBALANCE_TIMEOUT)
                    .untilAsserted(() -> {
                        assertThat(child.state().assignment()).containsExactlyInAnyOrderElementsOf(partitions);
                        assertThat(committedOffsets(admin, group)).isEqualTo(endBefore);
                    });

            try (GroupMember survivor = GroupMember.start("survivor", broker.bootstrapServers(), group, topic)) {
                await("the child and the survivor sharing the topic")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .untilAsserted(() -> {
                            survivor.assertHealthy();
                            ChildGroupMember.State state = child.state();
                            assertThat(state.assignment()).hasSize(PARTITIONS / 2);
                            assertThat(survivor.assignment())
                                    .hasSize(PARTITIONS / 2)
                                    .doesNotContainAnyElementsOf(state.assignment());
                            assertThat(state.generation()).isEqualTo(survivor.generation());
                        });
                Set<TopicPartition> childPartitions = child.state().assignment();
                Set<TopicPartition> survivorPartitions = survivor.assignment();
                produce(broker.bootstrapServers(), topic, PARTITIONS, "two-members", 300);
                Map<TopicPartition, Long> endTwoMembers = endOffsets(broker.bootstrapServers(), partitions);
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
                                broker.bootstrapServers(),
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

    @Test
    void staticMemberRestartingWithinItsSessionTimeoutKeepsItsPartitionsWithoutARebalance() throws Exception {
        String topic = "static-member";
        String group = "static-group";
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        produce(broker.bootstrapServers(), topic, PARTITIONS, "r", 120);
        Map<String, Object> staticMember = Map.of(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "static-a", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000);

        try (GroupMember dynamic = GroupMember.start("dynamic", broker.bootstrapServers(), group, topic)) {
            Set<TopicPartition> staticPartitions;
            int generation;
            int mark;
            try (GroupMember first =
                    GroupMember.start("static", broker.bootstrapServers(), group, topic, staticMember)) {
                awaitBalanced(List.of(first, dynamic), partitions);
                staticPartitions = first.assignment();
                generation = dynamic.generation();
                mark = dynamic.callbacks().size();
            }
            // Closing a static member does not send LeaveGroup: the group keeps its place until the session expires.
            Set<TopicPartition> dynamicPartitions = new HashSet<>(dynamic.assignment());

            try (GroupMember restarted = GroupMember.start(
                            "static-restarted", broker.bootstrapServers(), group, topic, staticMember);
                    Admin admin = Clients.admin(broker.bootstrapServers())) {
                await("the restarted static member getting its partitions back")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .untilAsserted(() -> {
                            restarted.assertHealthy();
                            assertThat(restarted.assignment()).isEqualTo(staticPartitions);
                        });
                assertThat(restarted.generation())
                        .as("generation of the restarted member")
                        .isEqualTo(generation);
                // A rebalance would reach the other member within a heartbeat (500 ms) and revoke its partitions.
                await("the other member seeing no rebalance")
                        .during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(6))
                        .untilAsserted(() -> {
                            dynamic.assertHealthy();
                            assertThat(dynamic.callbacksSince(mark))
                                    .as("rebalance callbacks of the other member")
                                    .isEmpty();
                            assertThat(dynamic.assignment()).isEqualTo(dynamicPartitions);
                            assertThat(dynamic.generation()).isEqualTo(generation);
                        });

                ConsumerGroupDescription description = describe(admin, group);
                assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(description.members()).hasSize(2);
                MemberDescription staticDescription = description.members().stream()
                        .filter(m -> m.groupInstanceId().isPresent())
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no static member in " + description));
                assertThat(staticDescription.groupInstanceId()).contains("static-a");
                assertThat(staticDescription.assignment().topicPartitions())
                        .containsExactlyInAnyOrderElementsOf(staticPartitions);
            }
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
    }
}
