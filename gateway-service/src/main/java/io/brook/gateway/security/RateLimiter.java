package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per client key (a principal, or an address for anonymous callers).
 *
 * <p>The map of buckets is bounded: a bucket idle long enough to have refilled is the same as a new
 * one, so such buckets are dropped on a sweep, run at most once a second or at
 * once when the map passes {@code maxBuckets}. If it is still too big after that (many clients, all
 * active), the buckets nearest to full go; those clients get a full bucket a little early, a small
 * leniency that is the price of bounded memory. Thread-safe: buckets are created through the concurrent map,
 * one sweep runs at a time.
 */
public final class RateLimiter {

    static final int DEFAULT_MAX_BUCKETS = 100_000;

    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final double ratePerSecond;
    private final long capacity;
    private final int maxBuckets;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long nextSweepNanos;

    /**
     * @param ratePerSecond sustained requests per second of one client
     * @param burst requests one client may send at once; 0 means the rate rounded up (at least 1)
     * @param maxBuckets clients tracked at most
     * @param nanoTime a monotonic clock ({@code System::nanoTime} outside tests)
     */
    RateLimiter(double ratePerSecond, int burst, int maxBuckets, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || burst < 0 || maxBuckets < 1) {
            throw new IllegalArgumentException(
                    "rate limit needs a positive rate, burst >= 0 and room for a bucket, not " + ratePerSecond
                            + "/s, burst " + burst + ", " + maxBuckets + " buckets");
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = burst > 0 ? burst : Math.max(1, (long) Math.ceil(ratePerSecond));
        this.maxBuckets = maxBuckets;
        this.nanoTime = nanoTime;
        this.nextSweepNanos = nanoTime.getAsLong() + SWEEP_INTERVAL_NANOS;
    }

    /** The limiter of {@code brook.gateway.rate-limit}, or null when limiting is off. */
    static RateLimiter of(GatewayProperties.RateLimit settings) {
        if (settings.requestsPerSecond() <= 0) {
            return null;
        }
        return new RateLimiter(settings.requestsPerSecond(), settings.burst(), DEFAULT_MAX_BUCKETS, System::nanoTime);
    }

    /**
     * Counts one request of {@code client}.
     *
     * @return 0 when it may proceed, else the nanoseconds until it may retry
     */
    long tryAcquire(String client) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.computeIfAbsent(client, key -> new TokenBucket(ratePerSecond, capacity, now));
        long wait = bucket.tryAcquire(now);
        if (now - nextSweepNanos >= 0 || buckets.size() > maxBuckets) {
            sweep(now);
        }
        return wait;
    }

    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            nextSweepNanos = now + SWEEP_INTERVAL_NANOS;
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
            int excess = buckets.size() - maxBuckets;
            if (excess > 0) {
                List<Map.Entry<String, TokenBucket>> entries = new ArrayList<>(buckets.entrySet());
                // Nearest to full first: forgetting those forgives the least.
                entries.sort(Comparator.comparingLong(entry -> entry.getValue().fullAgainAtNanos() - now));
                // Drop a tenth more than needed so a full map does not sort on every request.
                int drop = Math.min(entries.size(), excess + maxBuckets / 10);
                for (int i = 0; i < drop; i++) {
                    buckets.remove(entries.get(i).getKey(), entries.get(i).getValue());
                }
            }
        } finally {
            sweeping.set(false);
        }
    }
}
