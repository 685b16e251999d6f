package io.brook.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The high watermark of one partition log: the offset below which records are committed, the bound of what
 * consumers read and of DeleteRecords. An unreplicated log (the default) keeps it at the log end offset. Once the
 * log is told it is replicated ({@link #enableReplication()}) it moves up only when the replica manager says so
 * ({@link #advanceTo}) and down only when the log is truncated.
 *
 * <p>It is persisted lazily in {@code high-watermark-checkpoint} ({@link CheckpointFile}, one offset): on the
 * periodic checkpoint, on clean close and when a truncation lowered it. On load the checkpointed value is clamped to
 * the recovered log, so after a crash it may be lower than it was, never above the log end offset.
 *
 * <p>Threading: the value is read lock-free; it is moved under the owning log's lock. Checkpoint writes are
 * serialized here, each writing the value current at that moment, so an older value never overwrites a newer one.
 *
 * <p>Invariant: {@code logStartOffset <= value <= logEndOffset} whenever the log's lock is free.
 */
final class HighWatermarkTracker {

    private static final Logger log = LoggerFactory.getLogger(HighWatermarkTracker.class);

    private final CheckpointFile checkpoint;
    private volatile boolean replicated;
    private volatile long value;
    private long checkpointed = -1;

    private HighWatermarkTracker(CheckpointFile checkpoint, long value) {
        this.checkpoint = checkpoint;
        this.value = value;
    }

    /**
     * Restores the checkpointed value clamped to {@code [logStartOffset, logEndOffset]}; the log start offset when
     * there is none or it cannot be read (a lower high watermark is always safe: it only delays consumers).
     */
    static HighWatermarkTracker load(Path dir, long logStartOffset, long logEndOffset) {
        CheckpointFile file = new CheckpointFile(dir.resolve(LogFileNames.HIGH_WATERMARK_CHECKPOINT));
        OptionalLong stored;
        try {
            stored = file.readOffset();
        } catch (IOException e) {
            log.warn("Ignoring unreadable high watermark checkpoint {}: {}", file.file(), e.getMessage());
            stored = OptionalLong.empty();
        }
        long value = Math.min(Math.max(stored.orElse(logStartOffset), logStartOffset), logEndOffset);
        return new HighWatermarkTracker(file, value);
    }

    /** The high watermark of a log whose end offset is {@code logEndOffset}. */
    long value(long logEndOffset) {
        return replicated ? value : logEndOffset;
    }

    boolean isReplicated() {
        return replicated;
    }

    /** From now on the value moves only by {@link #advanceTo} and truncation; it starts where it was. */
    void enableReplication() {
        replicated = true;
    }

    /** An unreplicated log commits what it appends: the value follows the log end offset. */
    void onAppend(long logEndOffset) {
        if (!replicated) {
            value = logEndOffset;
        }
    }

    /** Moves the value up to {@code offset} clamped to {@code [logStartOffset, logEndOffset]}; never down. */
    void advanceTo(long offset, long logStartOffset, long logEndOffset) {
        long clamped = Math.min(Math.max(offset, logStartOffset), logEndOffset);
        if (clamped > value) {
            value = clamped;
        }
    }

    /** After a truncation to {@code logEndOffset}: lowers the value to it if above. Returns whether it moved. */
    boolean truncatedTo(long logEndOffset) {
        if (value > logEndOffset) {
            value = logEndOffset;
            return true;
        }
        return false;
    }

    /** After the log restarted empty at {@code offset}. */
    void restartedAt(long offset) {
        value = offset;
    }

    /** Writes the current high watermark, unless that is already on disk. */
    synchronized void checkpoint(LongSupplier logEndOffset) throws IOException {
        long current = value(logEndOffset.getAsLong());
        if (current != checkpointed) {
            checkpoint.writeOffset(current);
            checkpointed = current;
        }
    }
}
