package io.brook.controller.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.MetadataRecord.AlterPartition;
import io.brook.metadata.MetadataRecord.CreatePartitions;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.DeleteTopic;
import io.brook.metadata.MetadataRecord.ElectPreferredLeaders;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.TopicPartitionRef;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdminOperationsTest {

    private final FakeQuorum quorum = new FakeQuorum();
    private final AtomicInteger ids = new AtomicInteger();
    private final AdminOperations admin = new AdminOperations(quorum, () -> "topic-id-" + ids.incrementAndGet(), 1, 1);
    private long[] epochs;

    @BeforeEach
    void threeBrokers() {
        epochs = new long[4];
        for (int id = 1; id <= 3; id++) {
            epochs[id] = quorum.apply(new RegisterBroker(id, "inc-" + id, "h", 9092, null))
                    .index();
            quorum.apply(new UnfenceBroker(id, epochs[id]));
        }
    }

    @Test
    void createTopicSpreadsReplicasAndLeaders() {
        ControlResult<TopicState> result = admin.createTopic("orders", 3, 3, Map.of("retention.ms", "1000"), false)
                .join();

        assertThat(result.isOk()).isTrue();
        TopicState topic = result.value();
        assertThat(topic.id()).isEqualTo("topic-id-1");
        assertThat(topic.configs()).containsEntry("retention.ms", "1000");
        assertThat(topic.partitions())
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        assertThat(topic.partitions().stream().map(PartitionState::leader)).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(quorum.takeSubmitted()).singleElement().isInstanceOf(CreateTopic.class);
    }

    @Test
    void defaultsApplyForMinusOne() {
        TopicState topic = admin.createTopic("d", -1, -1, null, false).join().value();

        assertThat(topic.partitions()).hasSize(1);
        assertThat(topic.partitions().get(0).replicas()).hasSize(1);
    }

    @Test
    void validateOnlyComputesWithoutSubmitting() {
        ControlResult<TopicState> result =
                admin.createTopic("v", 2, 2, Map.of(), true).join();

        assertThat(result.isOk()).isTrue();
        assertThat(result.value().partitions()).hasSize(2);
        assertThat(quorum.takeSubmitted()).isEmpty();
        assertThat(quorum.state().topic("v")).isEmpty();
    }

    static Stream<Arguments> invalidTopics() {
        return Stream.of(
                Arguments.of("bad name!", 1, 1, Map.of(), Errors.INVALID_TOPIC_EXCEPTION),
                Arguments.of("..", 1, 1, Map.of(), Errors.INVALID_TOPIC_EXCEPTION),
                Arguments.of("p0", 0, 1, Map.of(), Errors.INVALID_PARTITIONS),
                Arguments.of("rf0", 1, 0, Map.of(), Errors.INVALID_REPLICATION_FACTOR),
                Arguments.of("rf4", 1, 4, Map.of(), Errors.INVALID_REPLICATION_FACTOR),
                Arguments.of("cfg", 1, 1, Map.of("no.such.config", "x"), Errors.INVALID_CONFIG),
                Arguments.of("cfg2", 1, 1, Map.of("unclean.leader.election.enable", "maybe"), Errors.INVALID_CONFIG));
    }

    @ParameterizedTest
    @MethodSource("invalidTopics")
    void invalidCreateTopicIsAnsweredWithItsKafkaError(
            String name, int partitions, int rf, Map<String, String> configs, Errors expected) {
        ControlResult<TopicState> result =
                admin.createTopic(name, partitions, rf, configs, false).join();

        assertThat(result.error()).isEqualTo(expected);
        assertThat(result.message()).isNotBlank();
        assertThat(quorum.takeSubmitted()).isEmpty();
    }

    @Test
    void existingOrCollidingTopicIsRefused() {
        admin.createTopic("a.b", 1, 1, Map.of(), false).join();

        assertThat(admin.createTopic("a.b", 1, 1, Map.of(), false).join().error())
                .isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(admin.createTopic("a_b", 1, 1, Map.of(), false).join().error())
                .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void writesNeedTheLeader() {
        quorum.loseLeadership();

        assertThat(admin.createTopic("t", 1, 1, Map.of(), false).join().error()).isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(admin.deleteTopic("t").join().error()).isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(quorum.takeSubmitted()).isEmpty();
    }

    @Test
    void deleteTopic() {
        admin.createTopic("gone", 1, 1, Map.of(), false).join();
        quorum.takeSubmitted();

        assertThat(admin.deleteTopic("gone").join().isOk()).isTrue();
        assertThat(quorum.takeSubmitted()).containsExactly(new DeleteTopic("gone"));
        assertThat(admin.deleteTopic("gone").join().error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(admin.deleteTopic("__consumer_offsets").join().error()).isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void createPartitionsUsesTheTopicsReplicationFactor() {
        admin.createTopic("grow", 1, 2, Map.of(), false).join();
        quorum.takeSubmitted();

        ControlResult<TopicState> result =
                admin.createPartitions("grow", 4, false).join();

        assertThat(result.isOk()).isTrue();
        assertThat(result.value().partitions())
                .hasSize(4)
                .allSatisfy(p -> assertThat(p.replicas()).hasSize(2));
        assertThat(quorum.takeSubmitted())
                .singleElement()
                .satisfies(
                        r -> assertThat(((CreatePartitions) r).expectedCount()).isEqualTo(1));
    }

    @Test
    void createPartitionsRefusesShrinkingAndUnknownTopics() {
        admin.createTopic("g", 3, 1, Map.of(), false).join();

        assertThat(admin.createPartitions("g", 3, false).join().error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(admin.createPartitions("g", 2, false).join().error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(admin.createPartitions("nope", 5, false).join().error())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        ControlResult<TopicState> preview = admin.createPartitions("g", 5, true).join();
        assertThat(preview.value().partitions()).hasSize(5);
        assertThat(quorum.state().topic("g").orElseThrow().partitions()).hasSize(3);
    }

    @Test
    void replaceConfigs() {
        admin.createTopic("c", 1, 1, Map.of("retention.ms", "1"), false).join();

        assertThat(admin.replaceConfigs("c", Map.of("cleanup.policy", "compact"), true)
                        .join()
                        .isOk())
                .isTrue();
        assertThat(quorum.state().topic("c").orElseThrow().configs()).containsOnlyKeys("retention.ms");

        assertThat(admin.replaceConfigs("c", Map.of("cleanup.policy", "compact"), false)
                        .join()
                        .isOk())
                .isTrue();
        assertThat(quorum.state().topic("c").orElseThrow().configs())
                .containsExactly(Map.entry("cleanup.policy", "compact"));
        assertThat(admin.replaceConfigs("c", Map.of("bogus", "1"), false).join().error())
                .isEqualTo(Errors.INVALID_CONFIG);
    }

    @Test
    void preferredLeaderElectionAnswersPerPartition() {
        admin.createTopic("e", 3, 3, Map.of(), false).join();
        TopicState before = quorum.state().topic("e").orElseThrow();
        int moved = before.partitions().get(0).preferredLeader();
        quorum.apply(new FenceBroker(moved, epochs[moved]));
        quorum.apply(new UnfenceBroker(moved, epochs[moved]));
        PartitionState led =
                quorum.state().topic("e").orElseThrow().partitions().get(0);
        assertThat(led.leader()).isNotEqualTo(moved);
        // The new leader sees the old one caught up and takes it back into the ISR.
        assertThat(quorum.apply(new AlterPartition(
                                "e",
                                0,
                                led.leader(),
                                epochs[led.leader()],
                                led.leaderEpoch(),
                                led.partitionEpoch(),
                                led.replicas()))
                        .isOk())
                .isTrue();
        quorum.takeSubmitted();

        var outcomes = admin.electPreferredLeaders(List.of(
                        new TopicPartitionRef("e", 0), new TopicPartitionRef("e", 1), new TopicPartitionRef("x", 0)))
                .join()
                .value();

        assertThat(outcomes)
                .containsExactly(
                        new ElectionOutcome("e", 0, moved, Errors.NONE),
                        new ElectionOutcome("e", 1, before.partitions().get(1).leader(), Errors.ELECTION_NOT_NEEDED),
                        new ElectionOutcome("x", 0, -1, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        assertThat(quorum.takeSubmitted())
                .containsExactly(new ElectPreferredLeaders(List.of(new TopicPartitionRef("e", 0))));
    }

    @Test
    void preferredLeaderElectionOfAllWithNothingToDoSubmitsNothing() {
        admin.createTopic("all", 2, 1, Map.of(), false).join();
        quorum.takeSubmitted();

        var outcomes = admin.electPreferredLeaders(List.of()).join().value();

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o.error()).isEqualTo(Errors.ELECTION_NOT_NEEDED));
        assertThat(quorum.takeSubmitted()).isEmpty();
    }

    @Test
    void passThroughAnswersRejectionsAsOutcomes() {
        var result = admin.passThrough(new DeleteTopic("missing")).join();

        assertThat(result.isOk()).isTrue();
        assertThat(result.value().error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }
}
