package io.brook.bench.load;

/** End-to-end latency percentiles of one latency run, over {@code samples} records (warm-up excluded). */
public record LatencyResult(long samples, long p50Nanos, long p99Nanos, long maxNanos) {

    public double p50Millis() {
        return p50Nanos / 1e6;
    }

    public double p99Millis() {
        return p99Nanos / 1e6;
    }
}
