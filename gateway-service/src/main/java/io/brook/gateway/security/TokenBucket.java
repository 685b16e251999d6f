package io.brook.gateway.security;

/**
 * A token bucket of {@code capacity} tokens refilled at one token per {@code intervalNanos}; each
 * request takes one. Kept as the generic cell rate algorithm: one number, the theoretical arrival
 * time {@code tat} at which the bucket is full again, so refills are exact integer arithmetic and
 * never drift. Time is passed in (monotonic nanoseconds, compared by difference), so tests drive it.
 * Thread-safe: {@link #tryAcquire} holds the bucket's monitor for a few operations.
 *
 * <pre>
 *   request at t:  wait = (tat - (capacity - 1) * interval) - t
 *                  wait &gt; 0: rejected, retry in wait ns
 *                  else:     tat = max(tat, t) + interval
 * </pre>
 */
final class TokenBucket {

    private final long intervalNanos;
    private final long toleranceNanos;
    private volatile long tat;

    TokenBucket(double ratePerSecond, long capacity, long nowNanos) {
        if (!(ratePerSecond > 0) || capacity < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and room for one token, not rate "
                    + ratePerSecond + " and capacity " + capacity);
        }
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / ratePerSecond));
        this.toleranceNanos = Math.multiplyExact(capacity - 1, intervalNanos);
        this.tat = nowNanos;
    }

    /**
     * Takes a token if there is one.
     *
     * @return 0 when a token was taken, else the nanoseconds until one will be available (at least 1)
     */
    synchronized long tryAcquire(long nowNanos) {
        long wait = (tat - toleranceNanos) - nowNanos;
        if (wait > 0) {
            return wait;
        }
        tat = (tat - nowNanos > 0 ? tat : nowNanos) + intervalNanos;
        return 0;
    }

    /** Whether the bucket is full at {@code nowNanos}, so that dropping it changes nothing. */
    boolean fullAt(long nowNanos) {
        return nowNanos - tat >= 0;
    }

    /** When the bucket will be full again; the smaller, the less it matters to forget it. */
    long fullAgainAtNanos() {
        return tat;
    }
}
