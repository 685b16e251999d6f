package io.brook.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.bench.BenchException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultLineTest {

    private static final Path LOG = Path.of("client.log");

    @Test
    void roundTripsAmongOtherOutput() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("records", 1_000_000L);
        values.put("elapsedNanos", 1_650_000_000L);
        String line = ResultLine.format(values);

        Map<String, Long> parsed = ResultLine.parse(List.of("[main] WARN something", line, "bye"), LOG);

        assertThat(line).isEqualTo("RESULT records=1000000 elapsedNanos=1650000000");
        assertThat(parsed).containsExactlyEntriesOf(values);
        assertThat(ResultLine.require(parsed, "records", LOG)).isEqualTo(1_000_000L);
    }

    @Test
    void failsWhenTheLineOrAKeyIsMissing() {
        assertThatThrownBy(() -> ResultLine.parse(List.of("Exception in thread main"), LOG))
                .isInstanceOf(BenchException.class);
        assertThatThrownBy(() -> ResultLine.require(Map.of(), "records", LOG)).isInstanceOf(BenchException.class);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LatencyClient.percentile(sorted, 50)).isEqualTo(50);
        assertThat(LatencyClient.percentile(sorted, 99)).isEqualTo(99);
        assertThat(LatencyClient.percentile(new long[] {7}, 99)).isEqualTo(7);
    }
}
