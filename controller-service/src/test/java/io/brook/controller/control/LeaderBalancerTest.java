package io.brook.controller.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataRecord.TopicPartitionRef;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderBalancerTest {

    private static BrokerRegistration broker(int id, boolean fenced) {
        return new BrokerRegistration(id, id, "i" + id, "h", id, null, fenced);
    }

    @Test
    void movesOnlyPartitionsWhosePreferredLeaderIsInSyncAndUnfenced() {
        var state = new ClusterState(
                "c",
                10,
                Map.of(1, broker(1, false), 2, broker(2, false), 3, broker(3, true)),
                Map.of(
                        "t",
                        new TopicState(
                                "t",
                                "id",
                                Map.of(),
                                List.of(
                                        new PartitionState(0, List.of(1, 2), List.of(1, 2), 2, 1, 1), // movable
                                        new PartitionState(1, List.of(1, 2), List.of(2), 2, 1, 1), // 1 out of sync
                                        new PartitionState(2, List.of(3, 1), List.of(3, 1), 1, 1, 1), // 3 fenced
                                        new PartitionState(3, List.of(2, 1), List.of(2, 1), 2, 0, 0))))); // balanced
        assertThat(LeaderBalancer.movable(state)).containsExactly(new TopicPartitionRef("t", 0));
    }
}
