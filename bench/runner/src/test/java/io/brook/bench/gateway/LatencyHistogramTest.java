package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyHistogramTest {

    @Test
    void emptyHistogramReportsZero() {
        LatencyHistogram histogram = new LatencyHistogram(1_000);

        assertThat(histogram.count()).isZero();
        assertThat(histogram.percentile(99)).isZero();
        assertThat(histogram.max()).isZero();
    }

    @Test
    void nearestRankOnOneToHundred() {
        LatencyHistogram histogram = new LatencyHistogram(1_000);
        for (int ms = 100; ms >= 1; ms--) {
            histogram.record(ms);
        }

        assertThat(histogram.percentile(50)).isEqualTo(50);
        assertThat(histogram.percentile(99)).isEqualTo(99);
        assertThat(histogram.percentile(99.9)).isEqualTo(100);
        assertThat(histogram.percentile(0)).isEqualTo(1);
        assertThat(histogram.max()).isEqualTo(100);
        assertThat(histogram.count()).isEqualTo(100);
    }

    @Test
    void valuesAboveTheRangeReportTheMaximumAndNegativesCountAsZero() {
        LatencyHistogram histogram = new LatencyHistogram(10);
        histogram.record(-3);
        histogram.record(5);
        histogram.record(500);
        histogram.record(700);

        assertThat(histogram.percentile(25)).isZero();
        assertThat(histogram.percentile(50)).isEqualTo(5);
        assertThat(histogram.percentile(75)).isEqualTo(700);
        assertThat(histogram.max()).isEqualTo(700);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 7_777L})
    void agreesWithSortingTheSamples(long seed) {
        Random random = new Random(seed);
        LatencyHistogram histogram = new LatencyHistogram(60_000);
        long[] samples = new long[10_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (long) Math.abs(random.nextGaussian() * 40) + random.nextInt(3);
            histogram.record(samples[i]);
        }
        Arrays.sort(samples);

        for (double percent : new double[] {1, 50, 90, 99, 99.9, 100}) {
            int rank = (int) Math.max(1, Math.ceil(percent / 100 * samples.length));
            assertThat(histogram.percentile(percent)).as("p%s", percent).isEqualTo(samples[rank - 1]);
        }
        assertThat(histogram.max()).isEqualTo(samples[samples.length - 1]);
    }
}
