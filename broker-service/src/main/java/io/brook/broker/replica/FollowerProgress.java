package io.brook.broker.replica;

/**
 * What a leader knows of one follower, from its fetches: how far its log reaches and when it was last caught up.
 *
 * <p>Kafka's rule for "caught up": a fetch from offset {@code o} at time {@code t} proves the follower had
 * everything the leader had at the follower's previous fetch if {@code o} reaches the leader's log end offset as it
 * was then, so the follower was caught up at that previous fetch's time; it is caught up at {@code t} itself if
 * {@code o} reaches the current log end. Under steady writes the first case is what keeps a healthy follower in the
 * ISR. Immutable; the leader swaps instances.
 *
 * @param logEndOffset the follower's log end offset (its last fetch offset), -1 before its first fetch
 * @param lastCaughtUpTimeMs last time the follower was known to hold everything the leader had
 * @param lastFetchTimeMs time of the follower's last fetch
 * @param leaderEndOffsetAtLastFetch the leader's log end offset when that fetch arrived
 */
public record FollowerProgress(
        long logEndOffset, long lastCaughtUpTimeMs, long lastFetchTimeMs, long leaderEndOffsetAtLastFetch) {

    /** A follower not yet heard from by a leader that took over at {@code nowMs}: given a full lag interval. */
    public static FollowerProgress unknown(long nowMs) {
        return new FollowerProgress(-1, nowMs, nowMs, Long.MAX_VALUE);
    }

    public FollowerProgress afterFetch(long fetchOffset, long leaderEndOffset, long nowMs) {
        long caughtUp = lastCaughtUpTimeMs;
        if (fetchOffset >= leaderEndOffset) {
            caughtUp = nowMs;
        } else if (fetchOffset >= leaderEndOffsetAtLastFetch) {
            caughtUp = Math.max(caughtUp, lastFetchTimeMs);
        }
        return new FollowerProgress(fetchOffset, caughtUp, nowMs, leaderEndOffset);
    }
}
