package io.brook.storage;

import io.brook.storage.BatchValidator.ValidBatch;
import io.brook.storage.ProducerEntry.BatchMetadata;
import io.brook.storage.errors.OffsetOutOfRangeException;
import io.brook.storage.errors.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit log of one partition: an ordered set of {@link LogSegment}s in {@link #dir()}, the last one active.
 *
 * <p>Threading: thread-safe. Appends, rolls, retention, DeleteRecords, the {@link LogCleaner}'s segment swaps and
 * close are serialized by one lock; the cleaner copies without it. Reads take no lock: they work on the published
 * state, the volatile {@link LogEnd} (written only after the bytes it covers are in the file) and the concurrent
 * segment map, so a reader never sees a partly written batch. Flushing and its waiters are the
 * {@link FlushTracker}'s, on the {@link Flusher}'s thread.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark == logEndOffset}; offsets grow across segments and are
 * contiguous except where the cleaner removed records (below the {@link CleanerCheckpoint}); the active segment is
 * the last one and the only one written to; a segment in the map is whole (a cleaned one is swapped in only once
 * written and forced).
 */
public final class PartitionLog {

    private static final Logger log = LoggerFactory.getLogger(PartitionLog.class);

    private final TopicPartition topicPartition;
    private final Path dir;
    private final LogEnvironment env;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final ProducerStateManager producerState;
    private final LeaderEpochCache epochCache;
    private final CheckpointFile logStartCheckpoint;
    private final CleanerCheckpoint cleanerCheckpoint;
    private final FlushTracker flushTracker;
    private volatile LogConfig config;
    private volatile LogEnd end;
    private volatile long logStartOffset;
    private volatile boolean closed;
    private LogSegment active;

    private PartitionLog(
            TopicPartition topicPartition, Path dir, LogConfig config, LogEnvironment env, LogLoader.LoadedLog loaded) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        this.config = config;
        this.env = env;
        this.segments = loaded.segments();
        this.producerState = loaded.producerState();
        this.epochCache = loaded.epochCache();
        this.logStartCheckpoint = new CheckpointFile(dir.resolve(LogFileNames.LOG_START_OFFSET_CHECKPOINT));
        this.cleanerCheckpoint = new CleanerCheckpoint(dir);
        this.active = segments.lastEntry().getValue();
        this.end = new LogEnd(loaded.logEndOffset(), active.baseOffset(), active.size());
        this.logStartOffset = loaded.logStartOffset();
        // Loading either found a clean shutdown or recovered and flushed everything up to the end.
        this.flushTracker = new FlushTracker(
                topicPartition.toString(),
                segments,
                () -> end,
                () -> closed,
                env,
                new CheckpointFile(dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT)),
                loaded.logEndOffset());
    }

    /** Opens (creating if needed) the log in {@code dir}, recovering it unless it was shut down cleanly. */
    static PartitionLog open(
            TopicPartition topicPartition, Path dir, LogConfig config, LogEnvironment env, boolean cleanShutdown)
            throws IOException {
        LogLoader.LoadedLog loaded = new LogLoader(dir, config, env.clock()).load(cleanShutdown);
        return new PartitionLog(topicPartition, dir, config, env, loaded);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies to the next roll check, append and retention run; existing segments keep their index sizes. */
    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    /**
     * Appends exactly one v2 record batch as leader. The batch is validated (see {@link BatchValidator}), checked
     * against the idempotent producer state, given offsets from the log end offset and {@code leaderEpoch} in place
     * (and the broker time under LogAppendTime), then written to the active segment, which rolls first if needed.
     * A retry of one of the producer's last five batches writes nothing and answers with the original offsets.
     *
     * @throws io.brook.storage.errors.CorruptRecordException bad CRC, size or framing
     * @throws io.brook.storage.errors.InvalidRecordException more than one batch, magic other than 2, bad counts, a
     *     record without key in a compacted log
     * @throws io.brook.storage.errors.RecordTooLargeException larger than {@code max.message.bytes}
     * @throws io.brook.storage.errors.RecordBatchTooLargeException larger than {@code segment.bytes}
     * @throws io.brook.storage.errors.InvalidProducerEpochException the producer was fenced by a newer epoch
     * @throws io.brook.storage.errors.OutOfOrderSequenceException the producer's sequence has a gap
     * @throws io.brook.storage.errors.LogDirectoryOfflineException the data directory is offline
     */
    public AppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) {
        LogConfig config = this.config;
        ValidBatch valid = BatchValidator.validateSingleBatch(records, config, topicPartition);
        lock.lock();
        try {
            ensureWritable();
            MutableRecordBatch batch = valid.batch();
            if (batch.hasProducerId()) {
                Optional<BatchMetadata> duplicate = producerState.checkAppend(batch);
                if (duplicate.isPresent()) {
                    BatchMetadata original = duplicate.get();
                    return new AppendResult(
                            original.firstOffset(),
                            original.lastOffset(),
                            RecordBatch.NO_TIMESTAMP,
                            logStartOffset,
                            true,
                            0,
                            0);
                }
            }
            return write(valid, leaderEpoch, config);
        } finally {
            lock.unlock();
        }
    }

    private AppendResult write(ValidBatch valid, int leaderEpoch, LogConfig config) {
        MutableRecordBatch batch = valid.batch();
        int count = batch.countOrNull();
        int size = valid.records().sizeInBytes();
        long firstOffset = end.offset();
        long lastOffset = firstOffset + count - 1;
        long nowMs = env.clock().millis();
        batch.setLastOffset(lastOffset);
        batch.setPartitionLeaderEpoch(leaderEpoch);
        long logAppendTimeMs = RecordBatch.NO_TIMESTAMP;
        if (config.timestampType() == TimestampType.LOG_APPEND_TIME) {
            batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
            logAppendTimeMs = nowMs;
        }
        try {
            LogSegment segment = maybeRoll(size, lastOffset, nowMs, config);
            int position = segment.append(valid.records(), lastOffset, batch.maxTimestamp(), nowMs);
            epochCache.assign(leaderEpoch, firstOffset);
            producerState.update(batch, firstOffset, lastOffset, nowMs);
            end = new LogEnd(lastOffset + 1, segment.baseOffset(), position + size);
        } catch (IOException | KafkaException e) {
            throw env.faultHandler().handle("appending to " + topicPartition, e);
        }
        return new AppendResult(firstOffset, lastOffset, logAppendTimeMs, logStartOffset, false, size, count);
    }

    private LogSegment maybeRoll(int batchSize, long lastOffset, long nowMs, LogConfig config) throws IOException {
        LogSegment segment = active;
        if (segment.size() == 0) {
            return segment;
        }
        boolean full = (long) segment.size() + batchSize > Math.min(config.segmentBytes(), Integer.MAX_VALUE);
        boolean old = nowMs - segment.rollingBaseTimeMs() >= config.maxSegmentMs();
        if (full || old || segment.isIndexFull() || !segment.canHoldOffset(lastOffset)) {
            return roll(nowMs);
        }
        return segment;
    }

    /** Starts a new active segment at the log end offset. Caller holds the lock; the old segment is not empty. */
    private LogSegment roll(long nowMs) throws IOException {
        LogSegment previous = active;
        long baseOffset = end.offset();
        previous.onBecomeInactive();
        LogSegment created = LogSegment.create(dir, baseOffset, config, nowMs);
        segments.put(baseOffset, created);
        active = created;
        producerState.takeSnapshot(baseOffset);
        // Whatever the flush policy, a segment that rolled is forced to disk soon after.
        flushTracker.requestFlush();
        log.debug("Rolled {} to a new segment at offset {}", topicPartition, baseOffset);
        return created;
    }

    /** Completes once every byte before {@code offset} is on disk; see {@link Flusher} for the group commit. */
    public CompletableFuture<Void> flushUpTo(long offset) {
        return flushTracker.flushUpTo(offset);
    }

    FlushTracker flushTracker() {
        return flushTracker;
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, at most {@code maxBytes} (or the whole first batch if
     * {@code minOneBatch}), never past the high watermark. Lock-free: an index lookup, then a scan of batch headers.
     *
     * @throws OffsetOutOfRangeException if {@code fetchOffset} is outside [log start offset, log end offset]
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        LogEnd end = this.end;
        long startOffset = logStartOffset;
        if (fetchOffset < startOffset || fetchOffset > end.offset()) {
            throw new OffsetOutOfRangeException("fetch offset " + fetchOffset + " of " + topicPartition
                    + " is outside [" + startOffset + ", " + end.offset() + "]");
        }
        LogSegment.SegmentRead read = fetchOffset == end.offset()
                ? new LogSegment.SegmentRead(FileSlice.EMPTY, fetchOffset)
                : readSegments(fetchOffset, maxBytes, minOneBatch, end);
        return new LogReadResult(read.slice(), read.nextOffset(), end.offset(), startOffset, end.offset());
    }

    private LogSegment.SegmentRead readSegments(long fetchOffset, int maxBytes, boolean minOneBatch, LogEnd end) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
        if (entry == null) {
            throw new OffsetOutOfRangeException(
                    "fetch offset " + fetchOffset + " of " + topicPartition + " was just deleted by retention");
        }
        try {
            while (entry != null && entry.getKey() <= end.segmentBaseOffset()) {
                LogSegment segment = entry.getValue();
                Optional<LogSegment.SegmentRead> read =
                        segment.read(fetchOffset, maxBytes, maxPosition(segment, end), minOneBatch);
                if (read.isPresent()) {
                    return read.get();
                }
                Map.Entry<Long, LogSegment> next = segments.higherEntry(entry.getKey());
                // Checked after the lookup: a segment the cleaner swapped out may have been followed by segments of
                // its group that the lookup no longer sees, so the search restarts in the cleaned segment.
                entry = segment.isReplaced() ? segments.floorEntry(fetchOffset) : next;
            }
        } catch (KafkaException e) {
            throw new StorageException("could not read " + topicPartition + " at offset " + fetchOffset, e);
        }
        return new LogSegment.SegmentRead(FileSlice.EMPTY, fetchOffset);
    }

    private static int maxPosition(LogSegment segment, LogEnd end) {
        return segment.baseOffset() == end.segmentBaseOffset() ? end.position() : segment.size();
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return end.offset();
    }

    /** Equal to the log end offset while the log has no replicas. */
    public long highWatermark() {
        return end.offset();
    }

    /** The first record (in offset order) whose timestamp is at least {@code timestampMs}, as ListOffsets wants. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestampMs) {
        LogEnd end = this.end;
        long startOffset = logStartOffset;
        for (LogSegment segment :
                segments.headMap(end.segmentBaseOffset(), true).values()) {
            Optional<TimestampOffset> found =
                    segment.findOffsetByTimestamp(timestampMs, startOffset, maxPosition(segment, end));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The first record carrying the largest timestamp in the log (ListOffsets MAX_TIMESTAMP). */
    public Optional<TimestampOffset> maxTimestampOffset() {
        LogEnd end = this.end;
        LogSegment best = null;
        long bestTimestamp = RecordBatch.NO_TIMESTAMP;
        for (LogSegment segment :
                segments.headMap(end.segmentBaseOffset(), true).values()) {
            long timestamp =
                    segment.maxTimestampSoFar().map(TimestampOffset::timestamp).orElse(RecordBatch.NO_TIMESTAMP);
            if (timestamp > bestTimestamp) {
                best = segment;
                bestTimestamp = timestamp;
            }
        }
        return best == null ? Optional.empty() : best.maxTimestampRecord(maxPosition(best, end));
    }

    /** The offset after the last record of {@code epoch}; empty if the epoch is unknown or newer than the latest. */
    public OptionalLong endOffsetForLeaderEpoch(int epoch) {
        return epochCache.endOffsetFor(epoch, end.offset());
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset}, persists it, and deletes the segments wholly
     * below it. Returns the log start offset afterwards (unchanged if it was already past {@code offset}).
     *
     * @throws OffsetOutOfRangeException if {@code offset} is negative or above the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            ensureWritable();
            long highWatermark = end.offset();
            if (offset < 0 || offset > highWatermark) {
                throw new OffsetOutOfRangeException("cannot delete records of " + topicPartition + " before offset "
                        + offset + ": outside [0, " + highWatermark + "]");
            }
            if (offset > logStartOffset) {
                advanceLogStartOffset(offset);
                List<LogSegment> all = new ArrayList<>(segments.values());
                deleteSegments(all.subList(0, RetentionPolicy.countBelowLogStart(all, offset)));
            }
            return logStartOffset;
        } catch (IOException e) {
            throw env.faultHandler().handle("deleting records of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the segments that time and size retention (and the log start offset) no longer keep. */
    void applyRetention() {
        lock.lock();
        try {
            if (closed || env.faultHandler().isOffline()) {
                return;
            }
            long nowMs = env.clock().millis();
            List<LogSegment> all = new ArrayList<>(segments.values());
            int count = RetentionPolicy.deletableCount(all, config, logStartOffset, nowMs);
            if (count == 0) {
                return;
            }
            if (count == all.size()) {
                roll(nowMs);
            }
            long newStart = segments.higherKey(all.get(count - 1).baseOffset());
            if (newStart > logStartOffset) {
                advanceLogStartOffset(newStart);
            }
            deleteSegments(all.subList(0, count));
            log.info(
                    "Retention deleted {} segments of {}, log start offset now {}",
                    count,
                    topicPartition,
                    logStartOffset);
        } catch (IOException e) {
            throw env.faultHandler().handle("applying retention to " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    private void advanceLogStartOffset(long offset) throws IOException {
        logStartOffset = offset;
        logStartCheckpoint.writeOffset(offset);
        epochCache.truncateFromStart(offset);
    }

    /** Unpublishes segments, renames their files aside and deletes them after the file delete delay. */
    private void deleteSegments(List<LogSegment> doomed) throws IOException {
        for (LogSegment segment : doomed) {
            segments.remove(segment.baseOffset());
        }
        for (LogSegment segment : doomed) {
            segment.renameToDeleted();
            env.deleter().deleteLater(segment + " of " + topicPartition, segment::deleteFiles);
        }
    }

    /** The segments as they are now, oldest first; the last one is the active segment. */
    List<LogSegment> segmentsSnapshot() {
        return List.copyOf(segments.values());
    }

    CleanerCheckpoint cleanerCheckpoint() {
        return cleanerCheckpoint;
    }

    boolean isClosed() {
        return closed;
    }

    /** The last offset of the last batch of each idempotent producer the log knows, for the cleaner. */
    Map<Long, Long> producerLastOffsets() {
        lock.lock();
        try {
            return producerState.lastBatchOffsets();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Swaps {@code cleaned} (written and forced as {@code .cleaned} files) in for {@code replaced}, adjacent
     * segments it holds the kept records of, following {@link SegmentSwap}. Readers see either the old segments
     * or the cleaned one for any offset: the cleaned segment is published at its base offset, then the others are
     * unpublished; their channels stay open for reads in flight until the delayed deleter removes them.
     *
     * @return false, having changed nothing, when the log was closed or the segments are no longer all in it
     *     (retention or DeleteRecords removed some meanwhile)
     */
    boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned, SegmentSwap.Observer observer)
            throws IOException {
        lock.lock();
        try {
            if (closed || env.faultHandler().isOffline()) {
                return false;
            }
            for (LogSegment segment : replaced) {
                if (segments.get(segment.baseOffset()) != segment) {
                    return false;
                }
            }
            long endOffset =
                    segments.higherKey(replaced.get(replaced.size() - 1).baseOffset());
            SegmentSwap.commit(dir, cleaned, endOffset);
            observer.reached(SegmentSwap.Step.SWAP_COMMITTED, cleaned.baseOffset());
            for (LogSegment segment : replaced) {
                segment.markReplaced();
            }
            segments.put(cleaned.baseOffset(), cleaned);
            for (LogSegment segment : replaced) {
                if (segment.baseOffset() != cleaned.baseOffset()) {
                    segments.remove(segment.baseOffset());
                }
            }
            for (LogSegment segment : replaced) {
                segment.renameToDeleted();
                env.deleter().deleteLater(segment + " of " + topicPartition, segment::deleteFiles);
            }
            observer.reached(SegmentSwap.Step.OLD_SEGMENTS_DELETED, cleaned.baseOffset());
            SegmentSwap.complete(dir, cleaned);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.size();
        }
        return size;
    }

    /** Clean close: flushes, writes the producer snapshot and checkpoints, closes the files. */
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            LogEnd target = end;
            active.onBecomeInactive();
            flushTracker.flushTo(target);
            active.flush(true);
            for (LogSegment segment : segments.values()) {
                segment.closeHandles();
            }
            producerState.takeSnapshot(target.offset());
            logStartCheckpoint.writeOffset(logStartOffset);
            flushTracker.closeAt(target.offset());
        } catch (IOException | RuntimeException e) {
            env.faultHandler().handle("closing " + topicPartition, e);
        } finally {
            flushTracker.failWaiters(new StorageException("log " + topicPartition + " is closed"));
            lock.unlock();
        }
    }

    /**
     * Stops the log without flushing or checkpointing, as a crash would: used before deleting it, and by tests.
     * Returns the segments, whose channels the caller closes when no reader needs them any more.
     */
    Collection<LogSegment> abandon() {
        lock.lock();
        try {
            closed = true;
            flushTracker.failWaiters(new StorageException("log " + topicPartition + " was deleted or abandoned"));
            return List.copyOf(segments.values());
        } finally {
            lock.unlock();
        }
    }

    private void ensureWritable() {
        env.faultHandler().ensureOnline();
        if (closed) {
            throw new StorageException("log " + topicPartition + " is closed");
        }
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", logStartOffset=" + logStartOffset + ", logEndOffset="
                + end.offset() + ")";
    }
}
