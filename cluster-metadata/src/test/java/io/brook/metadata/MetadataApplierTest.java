package io.brook.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.MetadataRecord.AlterPartition;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class MetadataApplierTest {

    private ClusterState state = ClusterState.empty("cluster");
    private long index;

    private ApplyResult apply(MetadataRecord record) {
        ApplyResult result = MetadataApplier.apply(state, ++index, record);
        state = result.state();
        return result;
    }

    private long register(int id) {
        apply(new RegisterBroker(id, "inc-" + id, "127.0.0.1", 9000 + id, null));
        long epoch = state.broker(id).orElseThrow().epoch();
        apply(new UnfenceBroker(id, epoch));
        return epoch;
    }

    private PartitionState partition(String topic, int p) {
        return state.topic(topic).orElseThrow().partitions().get(p);
    }

    @Test
    void registeredBrokersStartFencedWithTheirIndexAsEpoch() {
        apply(new RegisterBroker(1, "a", "h", 1, "r1"));
        assertThat(state.broker(1).orElseThrow().fenced()).isTrue();
        assertThat(state.broker(1).orElseThrow().epoch()).isEqualTo(1);
        assertThat(state.lastAppliedIndex()).isEqualTo(1);
        assertThat(apply(new RegisterBroker(1, "a", "h", 1, "r1")).isOk()).isTrue();
        assertThat(state.broker(1).orElseThrow().epoch()).isEqualTo(1);
    }

    @Test
    void fencingTheLeaderElectsTheNextInSyncReplicaAndBumpsTheEpoch() {
        long epoch1 = register(1);
        register(2);
        register(3);
        apply(new CreateTopic("t", "id", Map.of(), List.of(List.of(1, 2, 3))));
        assertThat(partition("t", 0).leader()).isEqualTo(1);

        assertThat(apply(new FenceBroker(1, epoch1)).isOk()).isTrue();
        PartitionState p = partition("t", 0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.leaderEpoch()).isEqualTo(1);
        assertThat(p.isr()).containsExactly(2, 3);
    }

    @Test
    void theLastInSyncReplicaStaysInTheIsrAndAloneMayLeadAgain() {
        long e1 = register(1);
        long e2 = register(2);
        apply(new CreateTopic("t", "id", Map.of(), List.of(List.of(1, 2))));
        apply(new FenceBroker(1, e1));
        apply(new FenceBroker(2, e2));
        PartitionState p = partition("t", 0);
        assertThat(p.leader()).isEqualTo(PartitionState.NO_LEADER);
        assertThat(p.isr()).containsExactly(2);
        assertThat(p.leaderEpoch()).isEqualTo(2);

        apply(new RegisterBroker(1, "inc-1b", "h", 1, null));
        apply(new UnfenceBroker(1, state.broker(1).orElseThrow().epoch()));
        assertThat(partition("t", 0).leader()).as("broker 1 is out of sync").isEqualTo(PartitionState.NO_LEADER);

        apply(new RegisterBroker(2, "inc-2b", "h", 2, null));
        apply(new UnfenceBroker(2, state.broker(2).orElseThrow().epoch()));
        assertThat(partition("t", 0).leader()).isEqualTo(2);
        assertThat(partition("t", 0).leaderEpoch()).isEqualTo(3);
    }

    @Test
    void uncleanElectionPicksAnyUnfencedReplicaWhenTheTopicAllowsIt() {
        long e1 = register(1);
        long e2 = register(2);
        apply(new CreateTopic("t", "id", Map.of(TopicState.UNCLEAN_LEADER_ELECTION, "true"), List.of(List.of(1, 2))));
        apply(new AlterPartition("t", 0, 1, e1, 0, 0, List.of(1)));
        apply(new FenceBroker(1, e1));
        assertThat(partition("t", 0).leader()).isEqualTo(2);
        assertThat(partition("t", 0).isr()).containsExactly(2);
        assertThat(e2).isPositive();
    }

    @Test
    void alterPartitionChecksEveryEpoch() {
        long e1 = register(1);
        long e2 = register(2);
        apply(new CreateTopic("t", "id", Map.of(), List.of(List.of(1, 2))));

        assertThat(apply(new AlterPartition("t", 0, 2, e2, 0, 0, List.of(2))).error())
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
        assertThat(apply(new AlterPartition("t", 0, 1, e1 + 100, 0, 0, List.of(1)))
                        .error())
                .isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(apply(new AlterPartition("t", 0, 1, e1, 5, 0, List.of(1))).error())
                .isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(apply(new AlterPartition("t", 0, 1, e1, 0, 7, List.of(1))).error())
                .isEqualTo(Errors.INVALID_UPDATE_VERSION);
        assertThat(apply(new AlterPartition("t", 0, 1, e1, 0, 0, List.of(2))).error())
                .isEqualTo(Errors.INVALID_REQUEST);

        assertThat(apply(new AlterPartition("t", 0, 1, e1, 0, 0, List.of(1))).isOk())
                .isTrue();
        assertThat(partition("t", 0).isr()).containsExactly(1);
        assertThat(partition("t", 0).partitionEpoch()).isEqualTo(1);

        apply(new FenceBroker(2, e2));
        assertThat(apply(new AlterPartition("t", 0, 1, e1, 0, 1, List.of(1, 2))).error())
                .isEqualTo(Errors.INELIGIBLE_REPLICA);
    }

    @Test
    void aNewIncarnationFencesTheOldOneFirst() {
        register(1);
        register(2);
        apply(new CreateTopic("t", "id", Map.of(), List.of(List.of(1, 2))));
        apply(new RegisterBroker(1, "restarted", "h", 1, null));
        assertThat(partition("t", 0).leader()).isEqualTo(2);
        assertThat(state.broker(1).orElseThrow().fenced()).isTrue();
    }

    @Test
    void preferredElectionRestoresBalance() {
        long e1 = register(1);
        register(2);
        apply(new CreateTopic("t", "id", Map.of(), List.of(List.of(1, 2))));
        apply(new FenceBroker(1, e1));
        long e1b = registerAgain(1);
        apply(new AlterPartition(
                "t",
                0,
                2,
                state.broker(2).orElseThrow().epoch(),
                1,
                partition("t", 0).partitionEpoch(),
                List.of(2, 1)));
        assertThat(partition("t", 0).leader()).isEqualTo(2);
        apply(new MetadataRecord.ElectPreferredLeaders(List.of(new MetadataRecord.TopicPartitionRef("t", 0))));
        assertThat(partition("t", 0).leader()).isEqualTo(1);
        assertThat(partition("t", 0).leaderEpoch()).isEqualTo(2);
        assertThat(e1b).isGreaterThan(e1);
    }

    private long registerAgain(int id) {
        apply(new RegisterBroker(id, "again-" + index, "h", id, null));
        long epoch = state.broker(id).orElseThrow().epoch();
        apply(new UnfenceBroker(id, epoch));
        return epoch;
    }

    @Test
    void createTopicRejectsDuplicatesAndUnknownBrokers() {
        register(1);
        assertThat(apply(new CreateTopic("t", "id", Map.of(), List.of(List.of(1))))
                        .isOk())
                .isTrue();
        assertThat(apply(new CreateTopic("t", "id2", Map.of(), List.of(List.of(1))))
                        .error())
                .isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
        assertThat(apply(new CreateTopic("u", "id3", Map.of(), List.of(List.of(9))))
                        .error())
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(state.topic("u")).isEmpty();
    }

    @Test
    void statesAndRecordsRoundTripThroughJson() {
        register(1);
        apply(new CreateTopic("t", "id", Map.of("cleanup.policy", "compact"), List.of(List.of(1))));
        assertThat(MetadataJson.readState(MetadataJson.write(state))).isEqualTo(state);
        MetadataRecord record = new AlterPartition("t", 0, 1, 3, 4, 5, List.of(1));
        assertThat(MetadataJson.readRecord(MetadataJson.write(record))).isEqualTo(record);
    }
}
