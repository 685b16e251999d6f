package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

    @Test
    void fullAndQuickDefaults() {
        GatewayOptions full = GatewayOptions.parse(new String[0]);
        GatewayOptions quick = GatewayOptions.parse(new String[] {"--quick"});

        assertThat(full.records()).isEqualTo(2_000_000);
        assertThat(full.subscribers()).containsExactly(1_000, 10_000);
        assertThat(full.rate()).isEqualTo(5);
        assertThat(full.durationSeconds()).isEqualTo(20);
        assertThat(full.batch()).isEqualTo(1_000);
        assertThat(full.inFlight()).isEqualTo(16);
        assertThat(full.rounds()).isEqualTo(3);
        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(full.warmupRounds()).isEqualTo(1);
        assertThat(quick.records()).isEqualTo(200_000);
        assertThat(quick.subscribers()).containsExactly(1_000);
        assertThat(full.gatewayJvmOptions()).contains("-Xmx4g", "-XX:+UseZGC").doesNotContain("-XX:+UseG1GC");
        assertThat(GatewayOptions.parse(new String[] {"--gateway-jvm", "-XX:+UseParallelGC"})
                        .gatewayJvmOptions())
                .contains("-XX:+UseParallelGC")
                .doesNotContain("-XX:+UseZGC", "-XX:+UseG1GC");
    }

    @Test
    void explicitOptionsWinOverQuick() {
        GatewayOptions options = GatewayOptions.parse(
                new String[] {"--quick", "--subscribers", "200, 5000", "--rate", "50", "--records", "1000"});

        assertThat(options.subscribers()).isEqualTo(List.of(200, 5_000));
        assertThat(options.rate()).isEqualTo(50);
        assertThat(options.records()).isEqualTo(1_000);
        assertThat(options.warmupRecords()).isEqualTo(1_000);
    }

    @Test
    void rowsAndClientOptions() {
        assertThat(GatewayOptions.parse(new String[0]).rows()).containsExactlyInAnyOrder("produce", "fanout");
        GatewayOptions options = GatewayOptions.parse(new String[] {"--only", "fanout", "--client-jvm", "-Xss512k"});

        assertThat(options.rows()).containsExactly("fanout");
        assertThat(options.clientJvmOptions()).contains("-Xmx512m", "-Xss512k");
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] {"--only", "consume"}))
                .hasMessageContaining("--only takes produce and/or fanout");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] {"--subscribers", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--subscribers");
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] {"--rate"}))
                .hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> GatewayOptions.parse(new String[] {"--bogus"}))
                .hasMessageContaining("unknown option --bogus");
    }
}
