package io.brook.broker.it;

import static io.brook.broker.it.Clients.createTopic;
import static io.brook.broker.it.Clients.partitions;
import static io.brook.broker.it.Groups.awaitBalanced;
import static io.brook.broker.it.Groups.awaitEveryOffsetConsumed;
import static io.brook.broker.it.Groups.committedOffsets;
import static io.brook.broker.it.Groups.endOffsets;
import static io.brook.broker.it.Groups.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.broker.it.GroupMember.Callback;
import io.brook.broker.it.GroupMember.CallbackKind;
import io.brook.testkit.EmbeddedBroker;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Java consumers with {@code subscribe()} on the classic group protocol: members split a topic's partitions,
 * rebalances on join and leave lose no record, the cooperative assignor keeps unaffected partitions where they are,
 * and two groups on one topic each read all of it.
 */
class ConsumerGroupIT {

    private static final int PARTITIONS = 6;

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

    @Test
    void twoMembersSplitTheTopic() throws Exception {
        String topic = "split";
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        produce(broker.bootstrapServers(), topic, PARTITIONS, "r", 120);

        try (GroupMember a = member("a", "split-group", topic);
                GroupMember b = member("b", "split-group", topic)) {
            awaitBalanced(List.of(a, b), partitions(topic, PARTITIONS));

            assertThat(a.assignment()).hasSize(3).doesNotContainAnyElementsOf(b.assignment());
            assertThat(b.assignment()).hasSize(3);
            awaitEveryOffsetConsumed(
                    List.of(a, b), endOffsets(broker.bootstrapServers(), partitions(topic, PARTITIONS)));
        }
    }

    @Test
    void joinAndLeaveRebalanceWithoutLosingARecord() throws Exception {
        String topic = "join-leave";
        String group = "join-leave-group";
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        produce(broker.bootstrapServers(), topic, PARTITIONS, "before", 120);

        try (GroupMember a = member("a", group, topic);
                GroupMember b = member("b", group, topic)) {
            awaitBalanced(List.of(a, b), partitions);
            produce(broker.bootstrapServers(), topic, PARTITIONS, "two-members", 120);

            try (GroupMember c = member("c", group, topic)) {
                // Produced while the group rebalances for the new member.
                produce(broker.bootstrapServers(), topic, PARTITIONS, "c-joining", 120);
                awaitBalanced(List.of(a, b, c), partitions);
                produce(broker.bootstrapServers(), topic, PARTITIONS, "three-members", 120);
                awaitEveryOffsetConsumed(List.of(a, b, c), endOffsets(broker.bootstrapServers(), partitions));

                b.close();
                // Produced while the group rebalances for the member that left.
                produce(broker.bootstrapServers(), topic, PARTITIONS, "b-leaving", 120);
                awaitBalanced(List.of(a, c), partitions);
                produce(broker.bootstrapServers(), topic, PARTITIONS, "after", 120);

                Map<TopicPartition, Long> end = endOffsets(broker.bootstrapServers(), partitions);
                assertThat(end.values().stream().mapToLong(Long::longValue).sum())
                        .isEqualTo(720);
                awaitEveryOffsetConsumed(List.of(a, b, c), end);
            }
        }
    }

    @Test
    void cooperativeRebalanceKeepsUnaffectedPartitionsAssigned() throws Exception {
        String topic = "cooperative";
        String group = "cooperative-group";
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        produce(broker.bootstrapServers(), topic, PARTITIONS, "r", 120);
        Map<String, Object> cooperative =
                Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());

        try (GroupMember a = member("a", group, topic, cooperative);
                GroupMember b = member("b", group, topic, cooperative)) {
            awaitBalanced(List.of(a, b), partitions);
            Set<TopicPartition> aBefore = a.assignment();
            Set<TopicPartition> bBefore = b.assignment();
            int aMark = a.callbacks().size();
            int bMark = b.callbacks().size();

            Set<TopicPartition> aAfter;
            Set<TopicPartition> bAfter;
            try (GroupMember c = member("c", group, topic, cooperative)) {
                awaitBalanced(List.of(a, b, c), partitions);
                aAfter = a.assignment();
                bAfter = b.assignment();

                assertThat(aBefore).as("a keeps the partitions it still has").containsAll(aAfter);
                assertThat(bBefore).as("b keeps the partitions it still has").containsAll(bAfter);
                assertOnlyGivenUpPartitionsRevoked(a, aMark, aBefore, aAfter);
                assertOnlyGivenUpPartitionsRevoked(b, bMark, bBefore, bAfter);
                Set<TopicPartition> movedToC = new HashSet<>(aBefore);
                movedToC.removeAll(aAfter);
                bBefore.stream().filter(tp -> !bAfter.contains(tp)).forEach(movedToC::add);
                assertThat(c.assignment()).as("c gets what a and b gave up").isEqualTo(movedToC);
                awaitEveryOffsetConsumed(List.of(a, b, c), endOffsets(broker.bootstrapServers(), partitions));
                aMark = a.callbacks().size();
                bMark = b.callbacks().size();
            }

            awaitBalanced(List.of(a, b), partitions);
            assertThat(a.assignment()).as("a after c left").containsAll(aAfter);
            assertThat(b.assignment()).as("b after c left").containsAll(bAfter);
            assertThat(a.callbacksSince(aMark))
                    .as("callbacks of a when c left")
                    .noneMatch(cb -> cb.kind() != CallbackKind.ASSIGNED);
            assertThat(b.callbacksSince(bMark))
                    .as("callbacks of b when c left")
                    .noneMatch(cb -> cb.kind() != CallbackKind.ASSIGNED);
        }
    }

    @Test
    void twoGroupsOnOneTopicEachReadEveryRecord() throws Exception {
        String topic = "two-groups";
        List<TopicPartition> partitions = partitions(topic, PARTITIONS);
        createTopic(broker.bootstrapServers(), topic, PARTITIONS, Map.of());
        produce(broker.bootstrapServers(), topic, PARTITIONS, "r", 300);
        Map<TopicPartition, Long> end = endOffsets(broker.bootstrapServers(), partitions);

        try (GroupMember alone = member("x1", "group-x", topic);
                GroupMember y1 = member("y1", "group-y", topic);
                GroupMember y2 = member("y2", "group-y", topic)) {
            awaitBalanced(List.of(alone), partitions);
            awaitBalanced(List.of(y1, y2), partitions);
            awaitEveryOffsetConsumed(List.of(alone), end);
            awaitEveryOffsetConsumed(List.of(y1, y2), end);
            try (Admin admin = Clients.admin(broker.bootstrapServers())) {
                await("each group committing the end offsets")
                        .atMost(Groups.REBALANCE_TIMEOUT)
                        .untilAsserted(() -> {
                            assertThat(committedOffsets(admin, "group-x"))
                                    .as("offsets of group-x")
                                    .isEqualTo(end);
                            assertThat(committedOffsets(admin, "group-y"))
                                    .as("offsets of group-y")
                                    .isEqualTo(end);
                        });
            }
        }
    }

    /**
     * Since {@code mark}, the member lost nothing (no onPartitionsLost) and was revoked only partitions it no longer
     * holds, each once, and never with an empty set.
     */
    private static void assertOnlyGivenUpPartitionsRevoked(
            GroupMember member, int mark, Set<TopicPartition> before, Set<TopicPartition> after) {
        List<Callback> since = member.callbacksSince(mark);
        assertThat(since).as("callbacks of %s", member.name()).noneMatch(cb -> cb.kind() == CallbackKind.LOST);
        Set<TopicPartition> revoked = new HashSet<>();
        for (Callback callback : since) {
            if (callback.kind() == CallbackKind.REVOKED) {
                assertThat(callback.partitions())
                        .as("partitions revoked from %s", member.name())
                        .isNotEmpty()
                        .doesNotContainAnyElementsOf(after);
                revoked.addAll(callback.partitions());
            }
        }
        Set<TopicPartition> givenUp = new HashSet<>(before);
        givenUp.removeAll(after);
        assertThat(revoked).as("all partitions revoked from %s", member.name()).isEqualTo(givenUp);
    }

    private static GroupMember member(String name, String group, String topic) {
        return GroupMember.start(name, broker.bootstrapServers(), group, topic);
    }

    private static GroupMember member(String name, String group, String topic, Map<String, Object> overrides) {
        return GroupMember.start(name, broker.bootstrapServers(), group, topic, overrides);
    }
}
