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
import java.util.OptionalInt;
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
 * <p>A leader appends producers' batches ({@link #appendAsLeader}); a follower appends the batches it fetched from
 * its leader as they are ({@link #appendAsFollower}) and cuts its log back where it diverged ({@link #truncateTo},
 * {@link #truncateFullyAndStartAt}, see {@link LogTruncation}). The high watermark is the log end offset until the
 * log is told it is replicated ({@link #enableReplicatedHighWatermark}); it then moves only by
 * {@link #updateHighWatermark} and truncation (see {@link HighWatermarkTracker}).
 *
 * <p>Threading: thread-safe. Appends, rolls, truncation, high watermark updates, retention, DeleteRecords, the
 * {@link LogCleaner}'s segment swaps and close are serialized by one lock; the cleaner copies without it and gives
 * way to a truncation. Reads take no lock: they work on the published state, the volatile {@link LogEnd} (written
 * only after the bytes it covers are in the file) and the concurrent segment map, so a reader never sees a partly
 * written batch; a read racing a truncation may hand out a slice whose tail is gone when it is sent, as in Kafka.
 * Flushing and its waiters are the {@link FlushTracker}'s, on the {@link Flusher}'s thread.
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}, with {@code highWatermark == logEndOffset}
 * while the log is not replicated; offsets grow across segments and are contiguous except where the cleaner removed
 * records (below the {@link CleanerCheckpoint}, or anywhere in a compacted log, whose followers copy the gaps); the
 * active segment is the last one and the only one written to; a segment in the map is whole (a cleaned one is
 * swapped in only once written and forced).
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
    private final HighWatermarkTracker highWatermarkTracker;
    private final LogTruncation truncation;
    private final LogReader reader;
    private volatile LogConfig config;
    private volatile LogEnd end;
    private volatile long logStartOffset;
    private volatile boolean closed;
    private volatile long truncationCount;
    private LogSegment active;

    private PartitionLog(
            TopicPartition topicPartition,
            Path dir,
            LogConfig config,
            LogEnvironment env,
            LogLoader.LoadedLog loaded,
            HighWatermarkTracker highWatermarkTracker) {
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
        this.highWatermarkTracker = highWatermarkTracker;
        this.reader = new LogReader(topicPartition, segments);
        this.truncation = new LogTruncation(
                topicPartition.toString(),
                dir,
                segments,
                env,
                epochCache,
                producerState,
                logStartCheckpoint,
                cleanerCheckpoint);
    }

    /** Opens (creating if needed) the log in {@code dir}, recovering it unless it was shut down cleanly. */
    static PartitionLog open(
            TopicPartition topicPartition, Path dir, LogConfig config, LogEnvironment env, boolean cleanShutdown)
            throws IOException {
        LogLoader.LoadedLog loaded = new LogLoader(dir, config, env.clock()).load(cleanShutdown);
        HighWatermarkTracker highWatermark =
                HighWatermarkTracker.load(dir, loaded.logStartOffset(), loaded.logEndOffset());
        return new PartitionLog(topicPartition, dir, config, env, loaded, highWatermark);
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
            append(valid.records(), batch, nowMs, nowMs, config);
        } catch (IOException | KafkaException e) {
            throw env.faultHandler().handle("appending to " + topicPartition, e);
        }
        return new AppendResult(firstOffset, lastOffset, logAppendTimeMs, logStartOffset, false, size, count);
    }

    /**
     * Appends record batches a follower fetched from its leader, keeping their offsets, leader epochs and timestamps.
     * Each batch must start at the log end offset as it is then (a compacted log may skip offsets the leader's
     * cleaner removed); the batches are validated (framing, CRC, counts, see {@link BatchValidator}) but their
     * producer sequences are not checked again. They update the leader epochs and the producer state, so that this
     * replica can take over as leader. Segments roll as for a leader append; under {@link FlushPolicy#everyBatch()}
     * the caller waits on {@link #flushUpTo} as it does for a leader append. Nothing is written unless every batch
     * is valid and in place. Empty {@code records} write nothing and answer an empty range at the log end offset.
     *
     * @throws io.brook.storage.errors.UnexpectedAppendOffsetException a batch does not start where the log (or the batch before it) ends
     * @throws io.brook.storage.errors.CorruptRecordException bad CRC, size or framing
     * @throws io.brook.storage.errors.InvalidRecordException magic other than 2, a count that does not fit the range
     * @throws io.brook.storage.errors.RecordBatchTooLargeException a batch larger than {@code segment.bytes}
     * @throws io.brook.storage.errors.LogDirectoryOfflineException the data directory is offline
     */
    public AppendResult appendAsFollower(MemoryRecords records) {
        LogConfig config = this.config;
        List<ValidBatch> batches = BatchValidator.validateFollowerBatches(records, config);
        if (batches.isEmpty()) {
            long endOffset = end.offset();
            return new AppendResult(endOffset, endOffset - 1, RecordBatch.NO_TIMESTAMP, logStartOffset, false, 0, 0);
        }
        lock.lock();
        try {
            ensureWritable();
            BatchValidator.checkFollowerOffsets(batches, end.offset(), config.compact(), topicPartition);
            long nowMs = env.clock().millis();
            int size = 0;
            int count = 0;
            try {
                for (ValidBatch valid : batches) {
                    MutableRecordBatch batch = valid.batch();
                    append(valid.records(), batch, batch.maxTimestamp(), nowMs, config);
                    size += valid.records().sizeInBytes();
                    count += batch.countOrNull();
                }
            } catch (IOException | KafkaException e) {
                throw env.faultHandler().handle("appending fetched records to " + topicPartition, e);
            }
            long firstOffset = batches.get(0).batch().baseOffset();
            long lastOffset = batches.get(batches.size() - 1).batch().lastOffset();
            return new AppendResult(
                    firstOffset, lastOffset, RecordBatch.NO_TIMESTAMP, logStartOffset, false, size, count);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes one batch whose offsets are final, rolling the active segment first if needed, records its leader epoch
     * and producer, then publishes the new end. Caller holds the lock.
     */
    private void append(
            MemoryRecords records, RecordBatch batch, long producerTimestampMs, long nowMs, LogConfig config)
            throws IOException {
        int size = records.sizeInBytes();
        long lastOffset = batch.lastOffset();
        LogSegment segment = maybeRoll(size, lastOffset, nowMs, config);
        int position = segment.append(records, lastOffset, batch.maxTimestamp(), nowMs);
        epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
        producerState.update(batch, batch.baseOffset(), lastOffset, producerTimestampMs);
        end = new LogEnd(lastOffset + 1, segment.baseOffset(), position + size);
        highWatermarkTracker.onAppend(lastOffset + 1);
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
     * {@code minOneBatch}), up to the log end offset: {@link #read(long, int, boolean, long)} without a bound.
     *
     * @throws OffsetOutOfRangeException if {@code fetchOffset} is outside [log start offset, log end offset]
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        return read(fetchOffset, maxBytes, minOneBatch, Long.MAX_VALUE);
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, at most {@code maxBytes} (or the whole first batch if
     * {@code minOneBatch}), and only batches whose last offset is below {@code maxOffset}: a consumer's fetch passes
     * the high watermark, a follower's the log end offset (or {@link Long#MAX_VALUE}). Nothing is read when the batch
     * holding {@code fetchOffset} reaches {@code maxOffset}. The result carries the log start offset, high watermark
     * and log end offset of the moment of the read, in that order. Lock-free: an index lookup, then a scan of batch
     * headers.
     *
     * @throws OffsetOutOfRangeException if {@code fetchOffset} is outside [log start offset, log end offset]
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch, long maxOffset) {
        LogEnd end = this.end;
        long startOffset = logStartOffset;
        long highWatermark = Math.min(Math.max(highWatermarkTracker.value(end.offset()), startOffset), end.offset());
        if (fetchOffset < startOffset || fetchOffset > end.offset()) {
            throw new OffsetOutOfRangeException("fetch offset " + fetchOffset + " of " + topicPartition
                    + " is outside [" + startOffset + ", " + end.offset() + "]");
        }
        long bound = maxOffset >= end.offset() ? Long.MAX_VALUE : maxOffset;
        LogSegment.SegmentRead read = fetchOffset == end.offset() || fetchOffset >= bound
                ? new LogSegment.SegmentRead(FileSlice.EMPTY, fetchOffset)
                : reader.read(fetchOffset, maxBytes, minOneBatch, end, bound);
        return new LogReadResult(read.slice(), read.nextOffset(), highWatermark, startOffset, end.offset());
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return end.offset();
    }

    /**
     * The offset below which records are committed: the log end offset while the log is not replicated, else the
     * last value given to {@link #updateHighWatermark} (or restored from the checkpoint), lowered by truncation.
     */
    public long highWatermark() {
        long endOffset = end.offset();
        return Math.min(highWatermarkTracker.value(endOffset), endOffset);
    }

    /**
     * Tells the log that it is replicated: from now on appends no longer move the high watermark, only
     * {@link #updateHighWatermark} does. It starts from where it was: the checkpointed value when the log was just
     * opened. Call it once, when the partition is set up and before the log serves reads or appends.
     */
    public void enableReplicatedHighWatermark() {
        lock.lock();
        try {
            highWatermarkTracker.enableReplication();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the high watermark up to {@code highWatermark}, clamped to [log start offset, log end offset]; a value
     * below the current one is ignored. Persisted lazily (the periodic checkpoint and close). While the log is not
     * replicated the value is kept but has no effect.
     */
    public void updateHighWatermark(long highWatermark) {
        lock.lock();
        try {
            highWatermarkTracker.advanceTo(highWatermark, logStartOffset, end.offset());
        } finally {
            lock.unlock();
        }
    }

    /** Writes the high watermark checkpoint if the value moved since; the log manager's periodic task calls it. */
    void checkpointHighWatermark() {
        // Under the lock, so that a log being deleted (abandoned, then its directory moved) is not written to.
        lock.lock();
        try {
            if (!closed) {
                highWatermarkTracker.checkpoint(() -> end.offset());
            }
        } catch (IOException e) {
            throw env.faultHandler().handle("checkpointing the high watermark of " + topicPartition, e);
        } finally {
            lock.unlock();
        }
    }

    /** The first record (in offset order) whose timestamp is at least {@code timestampMs}, as ListOffsets wants. */
    public Optional<TimestampOffset> offsetForTimestamp(long timestampMs) {
        LogEnd end = this.end;
        return reader.offsetForTimestamp(timestampMs, logStartOffset, end);
    }

    /** The first record carrying the largest timestamp in the log (ListOffsets MAX_TIMESTAMP). */
    public Optional<TimestampOffset> maxTimestampOffset() {
        return reader.maxTimestampOffset(end);
    }

    /**
     * OffsetForLeaderEpoch, as Kafka answers it: the largest epoch at most {@code requestedEpoch} that this log knows
     * and the offset after its last record (the start of the next known epoch, or the log end offset for the latest
     * epoch). An epoch older than every known one answers with itself and the start of the first known epoch;
     * {@link EpochEndOffset#UNDEFINED} for {@code -1}, an epoch newer than the latest, or no known epoch.
     */
    public EpochEndOffset lastOffsetForLeaderEpoch(int requestedEpoch) {
        return epochCache.endOffsetFor(requestedEpoch, end.offset());
    }

    /**
     * The newest leader epoch the log holds records of, what a follower asks its leader about (OffsetForLeaderEpoch)
     * before it fetches. Empty when no record carries an epoch.
     */
    public OptionalInt latestLeaderEpoch() {
        return epochCache.latestEpoch();
    }

    /** The end offset of {@link #lastOffsetForLeaderEpoch}; empty when that is undefined. */
    public OptionalLong endOffsetForLeaderEpoch(int epoch) {
        EpochEndOffset found = lastOffsetForLeaderEpoch(epoch);
        return found.isUndefined() ? OptionalLong.empty() : OptionalLong.of(found.endOffset());
    }

    /**
     * Removes every record at an offset of at least {@code offset}, as a follower does where its log diverged from
     * the leader's: the segments above go, the one holding {@code offset} is cut (a batch straddling it goes whole,
     * as in Kafka, so the log end offset may end up below {@code offset}), and the leader epochs, producer state,
     * flushed offset and recovery point, log start offset and high watermark follow the new end. Nothing happens
     * when {@code offset} is at or past the log end offset; below the first segment, the log restarts empty at
     * {@code offset} ({@link #truncateFullyAndStartAt}). Crash-safe step by step, see {@link LogTruncation}.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws io.brook.storage.errors.LogDirectoryOfflineException the data directory is offline
     */
    public void truncateTo(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("cannot truncate " + topicPartition + " to negative offset " + offset);
        }
        lock.lock();
        try {
            ensureWritable();
            if (offset >= end.offset()) {
                return;
            }
            if (offset < segments.firstKey()) {
                restartAt(offset);
                return;
            }
            truncationCount++;
            LogTruncation.Truncated cut = truncation.truncateTo(offset, active, config);
            long endOffset = cut.logEndOffset();
            // Lowered before the new end is published, so that no reader sees it above the log end offset.
            boolean highWatermarkLowered = highWatermarkTracker.truncatedTo(endOffset);
            active = cut.active();
            end = new LogEnd(endOffset, active.baseOffset(), active.size());
            if (logStartOffset > endOffset) {
                logStartOffset = endOffset;
                logStartCheckpoint.writeOffset(endOffset);
            }
            flushTracker.truncatedTo(endOffset);
            if (highWatermarkLowered) {
                highWatermarkTracker.checkpoint(() -> end.offset());
            }
            log.info("Truncated {} to offset {}, log end offset now {}", topicPartition, offset, endOffset);
        } catch (IOException | KafkaException e) {
            throw env.faultHandler().handle("truncating " + topicPartition + " to offset " + offset, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes every segment and restarts the log empty at {@code offset}, which becomes its log start offset, log
     * end offset and high watermark: for a follower whose log end is below the leader's log start offset. The
     * leader epochs and producer state are forgotten. Crash-safe step by step, see {@link LogTruncation}.
     *
     * @throws IllegalArgumentException if {@code offset} is negative
     * @throws io.brook.storage.errors.LogDirectoryOfflineException the data directory is offline
     */
    public void truncateFullyAndStartAt(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("cannot restart " + topicPartition + " at negative offset " + offset);
        }
        lock.lock();
        try {
            ensureWritable();
            restartAt(offset);
        } catch (IOException | KafkaException e) {
            throw env.faultHandler().handle("truncating " + topicPartition + " fully to offset " + offset, e);
        } finally {
            lock.unlock();
        }
    }

    private void restartAt(long offset) throws IOException {
        truncationCount++;
        LogTruncation.Truncated restarted =
                truncation.restartAt(offset, config, env.clock().millis());
        highWatermarkTracker.restartedAt(offset);
        active = restarted.active();
        logStartOffset = offset;
        end = new LogEnd(offset, offset, 0);
        flushTracker.restartedAt(offset);
        highWatermarkTracker.checkpoint(() -> end.offset());
        log.info("Truncated {} fully, log restarts empty at offset {}", topicPartition, offset);
    }

    /** How many truncations the log has gone through; a cleaning pass that started before one gives way. */
    long truncationCount() {
        return truncationCount;
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
            long highWatermark = highWatermark();
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
            // As in Kafka, nothing at or above the high watermark goes: followers may not have fetched it yet.
            long highWatermark = highWatermark();
            while (count > 0 && (count < all.size() ? all.get(count).baseOffset() : end.offset()) > highWatermark) {
                count--;
            }
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
     * @param truncationCount the log's {@link #truncationCount()} when the pass started
     * @return false, having changed nothing, when the log was closed, truncated since the pass started, or the
     *     segments are no longer all in it (retention or DeleteRecords removed some meanwhile)
     */
    boolean replaceSegments(
            List<LogSegment> replaced, LogSegment cleaned, long truncationCount, SegmentSwap.Observer observer)
            throws IOException {
        lock.lock();
        try {
            if (closed || env.faultHandler().isOffline() || truncationCount != this.truncationCount) {
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
            highWatermarkTracker.checkpoint(target::offset);
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
        return "PartitionLog(" + topicPartition + ", logStartOffset=" + logStartOffset + ", highWatermark="
                + highWatermark() + ", logEndOffset=" + end.offset() + ")";
    }
}
