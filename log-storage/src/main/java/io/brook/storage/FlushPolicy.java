package io.brook.storage;

/**
 * When appended bytes are forced to disk with {@code fsync}.
 *
 * <ul>
 *   <li>{@link Mode#EVERY_BATCH}: an append is acknowledged only once the bytes it wrote are on disk. Flushes are
 *       group-committed: every append that arrives while an fsync runs is covered by the next single fsync, so the
 *       cost is one fsync per flush cycle, not one per batch.
 *   <li>{@link Mode#INTERVAL}: a background flush runs every {@code intervalMs}; appends do not wait for it.
 *   <li>{@link Mode#PAGE_CACHE}: the operating system decides (Kafka's default); segments are still flushed when
 *       they roll and on clean shutdown. Durability then comes from replication.
 * </ul>
 */
public record FlushPolicy(Mode mode, long intervalMs) {

    public enum Mode {
        EVERY_BATCH,
        INTERVAL,
        PAGE_CACHE
    }

    public FlushPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("flush mode must be set");
        }
        if (mode == Mode.INTERVAL && intervalMs <= 0) {
            throw new IllegalArgumentException("flush interval must be positive, was " + intervalMs);
        }
    }

    public static FlushPolicy everyBatch() {
        return new FlushPolicy(Mode.EVERY_BATCH, 0);
    }

    public static FlushPolicy interval(long intervalMs) {
        return new FlushPolicy(Mode.INTERVAL, intervalMs);
    }

    public static FlushPolicy pageCache() {
        return new FlushPolicy(Mode.PAGE_CACHE, 0);
    }
}
