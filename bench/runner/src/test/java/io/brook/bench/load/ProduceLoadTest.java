package io.brook.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.bench.BenchException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProduceLoadTest {

    private static final Path LOG = Path.of("produce.log");

    @Test
    void readsTheFinalSummaryNotAProgressLine() {
        List<String> output = List.of(
                "$ java ... ProducerPerformance",
                "523301 records sent, 104660.2 records/sec (102.21 MB/sec), 250.3 ms avg latency, 611.0 ms max"
                        + " latency.",
                "1000000 records sent, 110234.551867 records/sec (107.65 MB/sec), 243.12 ms avg latency, 640.00 ms"
                        + " max latency, 230 ms 50th, 480 ms 95th, 590 ms 99th, 630 ms 99.9th.");

        ProduceResult result = ProduceLoad.parse(output, LOG);

        assertThat(result.records()).isEqualTo(1_000_000);
        assertThat(result.recordsPerSecond()).isEqualTo(110234.551867);
    }

    @Test
    void takesTheRateFromTheSteadyStateLineAndTheCountFromTheWholeRun() {
        List<String> output = List.of(
                "1000000 records sent, 98000.000000 records/sec (95.70 MB/sec), 250.00 ms avg latency, 700.00 ms"
                        + " max latency, 230 ms 50th, 480 ms 95th, 590 ms 99th, 690 ms 99.9th.",
                "900000 steady state records sent, 108000.000000 records/sec (105.47 MB/sec), 240.00 ms avg latency,"
                        + " 650.00 ms max latency, 228 ms 50th, 470 ms 95th, 580 ms 99th, 640 ms 99.9th.");

        ProduceResult result = ProduceLoad.parse(output, LOG);

        assertThat(result.records()).isEqualTo(1_000_000);
        assertThat(result.recordsPerSecond()).isEqualTo(108000.0);
    }

    @Test
    void failsWithoutASummary() {
        List<String> output = List.of("org.apache.kafka.common.errors.TimeoutException: Topic not present");

        assertThatThrownBy(() -> ProduceLoad.parse(output, LOG))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("produce.log");
    }

    @Test
    void tunedProfilesSetBatchingAndDefaultProfilesLeaveItAlone() {
        assertThat(ProduceProfile.ACKS_1_DEFAULT.producerProperties()).containsExactly("acks=1");
        assertThat(ProduceProfile.ACKS_ALL_TUNED.producerProperties())
                .containsExactly("acks=all", "batch.size=262144", "linger.ms=10");
        assertThat(ProduceProfile.ACKS_ALL_TUNED.topic()).isEqualTo("produce-acks-all-tuned");
    }
}
