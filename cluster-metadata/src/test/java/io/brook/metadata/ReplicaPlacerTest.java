package io.brook.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.Test;

class ReplicaPlacerTest {

    private ClusterState state = ClusterState.empty("c");
    private long index;

    private void broker(int id, String rack) {
        state = MetadataApplier.apply(state, ++index, new RegisterBroker(id, "i" + id, "h", id, rack))
                .state();
        state = MetadataApplier.apply(state, ++index, new UnfenceBroker(id, index - 1))
                .state();
    }

    @Test
    void spreadsLeadersAndReplicasEvenly() {
        broker(1, null);
        broker(2, null);
        broker(3, null);
        List<List<Integer>> placed = ReplicaPlacer.place(state, 6, 3);
        Map<Integer, Integer> leaders = new HashMap<>();
        placed.forEach(r -> leaders.merge(r.get(0), 1, Integer::sum));
        assertThat(leaders).containsEntry(1, 2).containsEntry(2, 2).containsEntry(3, 2);
        placed.forEach(r -> assertThat(new HashSet<>(r)).hasSize(3));
    }

    @Test
    void balanceCountsTopicsAlreadyPlaced() {
        broker(1, null);
        broker(2, null);
        broker(3, null);
        for (int t = 0; t < 3; t++) {
            List<List<Integer>> placed = ReplicaPlacer.place(state, 1, 1);
            state = MetadataApplier.apply(state, ++index, new CreateTopic("t" + t, "id" + t, Map.of(), placed))
                    .state();
        }
        Set<Integer> leaders = new HashSet<>();
        state.topics().values().forEach(t -> leaders.add(t.partitions().get(0).leader()));
        assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void usesEveryRackBeforeReusingOne() {
        broker(1, "a");
        broker(2, "a");
        broker(3, "b");
        broker(4, "b");
        broker(5, "c");
        for (List<Integer> replicas : ReplicaPlacer.place(state, 10, 3)) {
            Set<String> racks = new HashSet<>();
            replicas.forEach(r -> racks.add(state.broker(r).orElseThrow().rack()));
            assertThat(racks).as("racks of %s", replicas).hasSize(3);
        }
    }

    @Test
    void refusesMoreReplicasThanUnfencedBrokers() {
        broker(1, null);
        assertThatThrownBy(() -> ReplicaPlacer.place(state, 1, 2))
                .isInstanceOf(InvalidReplicationFactorException.class)
                .hasMessageContaining("larger than available brokers: 1");
    }
}
