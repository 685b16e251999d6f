package io.brook.bench.gateway;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts latencies in whole milliseconds, one bucket per millisecond up to {@code maxTrackedMs}, one overflow bucket
 * above it, and the exact maximum. Percentiles are nearest-rank and exact to the millisecond (the resolution of the
 * record timestamps they come from); one above the range reports the maximum. Negative values (clock steps) count as
 * 0. Thread-safe: the SSE event loops record concurrently, without locks or allocation.
 */
final class LatencyHistogram {

    private final AtomicLongArray buckets;
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    LatencyHistogram(int maxTrackedMs) {
        buckets = new AtomicLongArray(maxTrackedMs + 2);
    }

    void record(long latencyMs) {
        long value = Math.max(0, latencyMs);
        int overflow = buckets.length() - 1;
        buckets.incrementAndGet((int) Math.min(value, overflow));
        count.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
    }

    long count() {
        return count.get();
    }

    long max() {
        return max.get();
    }

    /** The nearest-rank {@code percent} percentile in ms; 0 when nothing was recorded. */
    long percentile(double percent) {
        long total = count.get();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        int overflow = buckets.length() - 1;
        for (int ms = 0; ms < overflow; ms++) {
            seen += buckets.get(ms);
            if (seen >= rank) {
                return ms;
            }
        }
        return max.get();
    }
}
