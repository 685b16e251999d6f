package io.brook.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyTest {

    @ParameterizedTest
    @CsvSource({"single, 1, 1, 1, false", "rf3, 3, 3, 2, true"})
    void shapeByName(String name, int brokers, short replicationFactor, int minInsyncReplicas, boolean replicated) {
        Topology topology = Topology.fromCliName(name);

        assertThat(topology.cliName()).isEqualTo(name);
        assertThat(topology.brokers()).isEqualTo(brokers);
        assertThat(topology.replicationFactor()).isEqualTo(replicationFactor);
        assertThat(topology.minInsyncReplicas()).isEqualTo(minInsyncReplicas);
        assertThat(topology.replicated()).isEqualTo(replicated);
    }

    @ParameterizedTest
    @CsvSource({"RF3", "rf1", "''"})
    void rejectsOtherNames(String name) {
        assertThatThrownBy(() -> Topology.fromCliName(name)).isInstanceOf(IllegalArgumentException.class);
    }
}
