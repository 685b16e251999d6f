package io.brook.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.bench.broker.BrokerKind;
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
    }
}
