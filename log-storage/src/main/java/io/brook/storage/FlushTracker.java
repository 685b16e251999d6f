package io.brook.storage;

import io.brook.storage.errors.LogDirectoryOfflineException;
import io.brook.storage.errors.StorageException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The durability side of one partition log: how far it is flushed, who waits for a flush, and the recovery-point
 * checkpoint (the flushed offset as last persisted, where the next crash recovery starts).
 *
 * <p>Threading: {@link #flushUpTo} is called from any thread; {@link #flushPublished} runs on the {@link Flusher}
 * thread; {@link #checkpointRecoveryPoint} on the manager's scheduler; {@link #closeAt} under the log's lock.
 *
 * <p>Invariants: the flushed offset never passes the published log end and only grows, except that a truncation
 * lowers it (and the recovery point) to the new end; a flush that started before a truncation does not raise it
 * afterwards. A waiter completes once the flushed offset reaches its offset, or fails when the directory goes
 * offline, the log closes or the offset it waits for is truncated away.
 */
final class FlushTracker {

    private final String logName;
    private final NavigableMap<Long, LogSegment> segments;
    private final Supplier<LogEnd> end;
    private final BooleanSupplier closed;
    private final LogEnvironment env;
    private final CheckpointFile recoveryPointCheckpoint;
    private final PendingFlushes waiters = new PendingFlushes();
    private volatile long flushedOffset;
    private volatile long lastFlushMs;
    private long checkpointedRecoveryPoint = -1;
    private long truncations;

    FlushTracker(
            String logName,
            NavigableMap<Long, LogSegment> segments,
            Supplier<LogEnd> end,
            BooleanSupplier closed,
            LogEnvironment env,
            CheckpointFile recoveryPointCheckpoint,
            long flushedOffset) {
        this.logName = logName;
        this.segments = segments;
        this.end = end;
        this.closed = closed;
        this.env = env;
        this.recoveryPointCheckpoint = recoveryPointCheckpoint;
        this.flushedOffset = flushedOffset;
        this.lastFlushMs = env.clock().millis();
    }

    long flushedOffset() {
        return flushedOffset;
    }

    CompletableFuture<Void> flushUpTo(long offset) {
        if (offset <= flushedOffset) {
            return CompletableFuture.completedFuture(null);
        }
        if (env.faultHandler().isOffline()) {
            return CompletableFuture.failedFuture(
                    new LogDirectoryOfflineException("log directory of " + logName + " is offline"));
        }
        if (closed.getAsBoolean()) {
            return CompletableFuture.failedFuture(new StorageException("log " + logName + " is closed"));
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.add(offset, future);
        // A flush may have finished between the check above and the add.
        waiters.completeUpTo(flushedOffset);
        env.flusher().request(this);
        return future;
    }

    /** Asks for a flush soon, without waiting for it (a segment rolled). */
    void requestFlush() {
        env.flusher().request(this);
    }

    /** Asks for a flush if the log uses an interval policy and the interval has passed. */
    void maybeFlushOnInterval(FlushPolicy policy, long nowMs) {
        if (policy.mode() == FlushPolicy.Mode.INTERVAL
                && end.get().offset() > flushedOffset
                && nowMs - lastFlushMs >= policy.intervalMs()) {
            env.flusher().request(this);
        }
    }

    /** Forces every published byte to disk and completes the waiters it covers. Runs on the flusher thread. */
    void flushPublished() {
        // Taken before the end: a truncation after this point makes the flush below leave the flushed offset alone.
        long generation = generation();
        LogEnd target = end.get();
        if (target.offset() > flushedOffset) {
            try {
                long startNanos = System.nanoTime();
                flushTo(target, generation);
                env.flushListener().logFlushed(logName, System.nanoTime() - startNanos);
            } catch (IOException | RuntimeException e) {
                waiters.failAll(
                        closed.getAsBoolean()
                                ? new StorageException("log " + logName + " was closed", e)
                                : env.faultHandler().handle("flushing " + logName, e));
                return;
            }
        }
        waiters.completeUpTo(flushedOffset);
    }

    /** Forces the segments from the flushed offset up to {@code target} and records the progress. */
    void flushTo(LogEnd target) throws IOException {
        flushTo(target, generation());
    }

    private void flushTo(LogEnd target, long generation) throws IOException {
        Long floor = segments.floorKey(flushedOffset);
        long first = floor == null ? segments.firstKey() : floor;
        if (first > target.segmentBaseOffset()) {
            // The log restarted at a higher offset since the target was taken: nothing of it is left to flush.
            return;
        }
        Map<Long, LogSegment> range = segments.subMap(first, true, target.segmentBaseOffset(), true);
        for (LogSegment segment : range.values()) {
            try {
                // Indexes of rolled segments are complete and worth keeping; the active one's are rebuilt anyway.
                segment.flush(segment.baseOffset() < target.segmentBaseOffset());
            } catch (ClosedChannelException e) {
                if (!segment.isDeleted()) {
                    throw e;
                }
            }
        }
        advance(target.offset(), generation);
    }

    private synchronized long generation() {
        return truncations;
    }

    private synchronized void advance(long offset, long generation) {
        if (generation == truncations && offset > flushedOffset) {
            flushedOffset = offset;
        }
        lastFlushMs = env.clock().millis();
    }

    /** Persists the flushed offset as the recovery point, if it moved. */
    synchronized void checkpointRecoveryPoint() {
        long point = flushedOffset;
        if (closed.getAsBoolean() || point == checkpointedRecoveryPoint) {
            return;
        }
        try {
            recoveryPointCheckpoint.writeOffset(point);
            checkpointedRecoveryPoint = point;
        } catch (IOException e) {
            throw env.faultHandler().handle("checkpointing the recovery point of " + logName, e);
        }
    }

    /** On clean close, once everything up to {@code endOffset} is forced: checkpoints it and settles all waiters. */
    synchronized void closeAt(long endOffset) throws IOException {
        advance(endOffset, truncations);
        recoveryPointCheckpoint.writeOffset(endOffset);
        checkpointedRecoveryPoint = endOffset;
        waiters.completeUpTo(endOffset);
    }

    /**
     * After the log was truncated to {@code logEndOffset}: lowers the flushed offset and the recovery point to it, so
     * that the records appended next are flushed before a waiter for their offsets completes and are re-read by the
     * recovery after a crash, and fails the waiters for offsets that no longer exist.
     */
    synchronized void truncatedTo(long logEndOffset) throws IOException {
        truncations++;
        if (flushedOffset > logEndOffset) {
            flushedOffset = logEndOffset;
        }
        writeRecoveryPoint(flushedOffset);
        waiters.failAbove(
                logEndOffset, new StorageException("log " + logName + " was truncated to offset " + logEndOffset));
    }

    /** After the log restarted empty at {@code offset}: nothing is left to flush, no waiter can complete. */
    synchronized void restartedAt(long offset) throws IOException {
        truncations++;
        flushedOffset = offset;
        writeRecoveryPoint(offset);
        waiters.failAll(new StorageException("log " + logName + " was truncated fully and restarted at " + offset));
    }

    private void writeRecoveryPoint(long offset) throws IOException {
        if (offset != checkpointedRecoveryPoint) {
            recoveryPointCheckpoint.writeOffset(offset);
            checkpointedRecoveryPoint = offset;
        }
    }

    /** Fails every waiter still pending. */
    void failWaiters(StorageException cause) {
        waiters.failAll(cause);
    }
}
