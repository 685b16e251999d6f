package io.brook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.bench.broker.BrokerKind;
import io.brook.bench.broker.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsCompareBrookWithKafkaOverThreeRounds() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.brokers()).containsExactly(BrokerKind.KAFKA, BrokerKind.BROOK);
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.records()).isEqualTo(1_000_000);
        assertThat(options.latencyWarmupRecords()).isEqualTo(500);
        assertThat(options.topology()).isEqualTo(Topology.SINGLE);
        assertThat(options.controllerJvmOptions()).contains("-Xms512m", "-Xmx512m", "-XX:+UseG1GC");
    }

    @Test
    void replicatedTopologyWithItsControllerSettings() {
        BenchOptions options = BenchOptions.parse(new String[] {
            "--topology", "rf3", "--controller-heap", "256m", "--brook-controller-jar", "c.jar", "--quick"
        });

        assertThat(options.topology()).isEqualTo(Topology.RF3);
        assertThat(options.topology().replicationFactor()).isEqualTo((short) 3);
        assertThat(options.topology().minInsyncReplicas()).isEqualTo(2);
        assertThat(options.brookControllerJar()).hasToString("c.jar");
        assertThat(options.controllerJvmOptions())
                .startsWith("-Xms256m", "-Xmx256m")
                .containsAll(options.brokerJvmOptions()
                        .subList(2, options.brokerJvmOptions().size()));
    }

    @Test
    void replicatedTopologyHasSmallerRunsUnlessTold() {
        BenchOptions full = BenchOptions.parse(new String[] {"--topology", "rf3"});
        BenchOptions quick = BenchOptions.parse(new String[] {"--quick", "--topology", "rf3"});
        BenchOptions told = BenchOptions.parse(new String[] {"--records", "500000", "--topology", "rf3"});

        assertThat(full.rounds()).isEqualTo(3);
        assertThat(full.records()).isEqualTo(250_000);
        assertThat(full.warmupRecords()).isEqualTo(100_000);
        assertThat(full.latencyRecords()).isEqualTo(3_000);
        assertThat(quick.records()).isEqualTo(100_000);
        assertThat(quick.warmupRecords()).isEqualTo(50_000);
        assertThat(told.records()).isEqualTo(500_000);
    }

    @Test
    void captionStatesTopologyAcksAndFlushPolicy() {
        List<String> rf3 = BenchRunner.caption(BenchOptions.parse(new String[] {"--topology", "rf3"}));
        List<String> single = BenchRunner.caption(BenchOptions.parse(new String[] {"--brook-arg", "--x=1"}));

        assertThat(String.join("\n", rf3))
                .contains("3 brokers + 1 controller", "replication factor 3", "min.insync.replicas=2")
                .contains("acks=all only", "e2e latency acks=all")
                .contains("Flush policy: left to the page cache on both");
        assertThat(String.join("\n", single))
                .contains("1 broker per side", "e2e latency acks=1")
                .contains("Brook with --x=1");
    }

    @Test
    void quickShrinksTheRunAndExplicitOptionsStillWin() {
        BenchOptions options =
                BenchOptions.parse(new String[] {"--records", "5000", "--quick", "--brokers", "kafka,kafka"});

        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.records()).isEqualTo(5000);
        assertThat(options.brokers()).containsExactly(BrokerKind.KAFKA, BrokerKind.KAFKA);
        assertThat(BenchRunner.labels(options.brokers())).containsExactly("kafka", "kafka-2");
    }

    @Test
    void collectsRepeatedBrookArguments() {
        BenchOptions options =
                BenchOptions.parse(new String[] {"--brook-arg", "--a=1", "--brook-arg", "--b=2", "--brokers", "brook"});

        assertThat(options.brookArgs()).isEqualTo(List.of("--a=1", "--b=2"));
        assertThat(options.brokers()).containsExactly(BrokerKind.BROOK);
    }

    @Test
    void rejectsBadCommandLines() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rounds needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--brokers", "redpanda"}))
                .hasMessageContaining("unknown broker");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--brokers", "kafka,brook,kafka"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--records", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--topology", "rf5"}))
                .hasMessageContaining("unknown topology 'rf5' (expected single or rf3)");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--topology"}))
                .hasMessageContaining("--topology needs a value");
    }
}
