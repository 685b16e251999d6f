package io.brook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.bench.broker.Topology;
import io.brook.bench.load.ProduceProfile;
import io.brook.bench.report.Row;
import io.brook.bench.report.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnPlanTest {

    @Test
    void oneBrokerKeepsAllFourProduceRunsAndTimesTheAcks1Topic() {
        TurnPlan plan = TurnPlan.of(Topology.SINGLE);

        assertThat(plan.produce()).containsExactly(ProduceProfile.values());
        assertThat(plan.warmup()).isEqualTo(ProduceProfile.ACKS_1_TUNED);
        assertThat(plan.consumeTopic()).isEqualTo(ProduceProfile.ACKS_1_DEFAULT);
        assertThat(plan.consumeWarmupTopic()).isEqualTo(ProduceProfile.ACKS_ALL_DEFAULT);
        assertThat(plan.latencyAcks()).isEqualTo("1");
    }

    @Test
    void replicatedTopologyProducesWithAcksAllOnly() {
        TurnPlan plan = TurnPlan.of(Topology.RF3);

        assertThat(plan.produce()).containsExactly(ProduceProfile.ACKS_ALL_DEFAULT, ProduceProfile.ACKS_ALL_TUNED);
        assertThat(plan.warmup().producerProperties()).contains("acks=all");
        assertThat(plan.consumeTopic()).isEqualTo(ProduceProfile.ACKS_ALL_DEFAULT);
        assertThat(plan.consumeWarmupTopic()).isEqualTo(ProduceProfile.ACKS_ALL_TUNED);
        assertThat(plan.latencyAcks()).isEqualTo("all");
    }

    @Test
    void rowsFollowThePlan() {
        List<Row> single = BrokerTurn.rows(Topology.SINGLE);
        List<Row> rf3 = BrokerTurn.rows(Topology.RF3);

        assertThat(single).hasSize(4 * 3 + 3 + 3 + 2);
        assertThat(single.get(0)).isEqualTo(new Row("produce acks=1 default batching", Unit.RECORDS_PER_SECOND));
        assertThat(rf3).hasSize(2 * 3 + 3 + 3 + 2);
        assertThat(rf3).map(Row::name).noneMatch(name -> name.contains("acks=1"));
        assertThat(rf3.get(0)).isEqualTo(new Row("produce acks=all default batching", Unit.RECORDS_PER_SECOND));
    }

    @Test
    void rejectsAConsumeTopicNoRunWrites() {
        assertThatThrownBy(() -> new TurnPlan(
                        ProduceProfile.ACKS_ALL_TUNED,
                        List.of(ProduceProfile.ACKS_ALL_TUNED),
                        ProduceProfile.ACKS_1_DEFAULT,
                        ProduceProfile.ACKS_ALL_TUNED,
                        "all"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
