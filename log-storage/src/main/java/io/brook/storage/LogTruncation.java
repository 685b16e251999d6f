package io.brook.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * Cuts a partition log back: to an offset, for a follower whose log diverged from its leader's
 * ({@link PartitionLog#truncateTo}), or wholly, restarting it empty at an offset, for a follower that fell below
 * the leader's log start ({@link PartitionLog#truncateFullyAndStartAt}). It changes the segment files, the producer
 * snapshots and state, and the leader-epoch, log-start and cleaner checkpoints; the log then publishes its new end
 * and lowers its flush state and high watermark.
 *
 * <p>Crash safety: whatever step a crash interrupts, the {@link LogLoader} loads a consistent log, the old one cut
 * at some batch boundary at or above the target, or the new one:
 *
 * <ol>
 *   <li>the segments above the one holding the target are unpublished and renamed to {@code .deleted}, the producer
 *       snapshots above the target deleted, and the directory forced: the loader removes {@code .deleted} files, so
 *       a crash leaves the segment holding the target as the last, whole, and no snapshot describing removed
 *       batches;
 *   <li>that segment's file is cut and forced, its indexes cut (the loader rebuilds the last segment's indexes
 *       after a crash anyway);
 *   <li>the leader epochs from the new end on are forgotten, the producer state is rebuilt from the snapshots left,
 *       the cleaner checkpoint is lowered: the loader does the first two by itself for the end it finds.
 * </ol>
 *
 * A full truncation persists the new log start offset first, then swaps every segment for an empty one at that
 * offset (forcing the directory), then forgets every leader epoch: a crash in between leaves either the old
 * segments, whose log start the loader clamps to their end, or the empty log.
 *
 * <p>Threading: used under the owning log's lock. Readers may still hold the removed segments: their files are
 * deleted only after the file delete delay.
 */
final class LogTruncation {

    /** Where the log continues: its last segment, the one written next, and its end offset. */
    record Truncated(LogSegment active, long logEndOffset) {}

    private final String logName;
    private final Path dir;
    private final NavigableMap<Long, LogSegment> segments;
    private final LogEnvironment env;
    private final LeaderEpochCache epochCache;
    private final ProducerStateManager producerState;
    private final CheckpointFile logStartCheckpoint;
    private final CleanerCheckpoint cleanerCheckpoint;

    LogTruncation(
            String logName,
            Path dir,
            NavigableMap<Long, LogSegment> segments,
            LogEnvironment env,
            LeaderEpochCache epochCache,
            ProducerStateManager producerState,
            CheckpointFile logStartCheckpoint,
            CleanerCheckpoint cleanerCheckpoint) {
        this.logName = logName;
        this.dir = dir;
        this.segments = segments;
        this.env = env;
        this.epochCache = epochCache;
        this.producerState = producerState;
        this.logStartCheckpoint = logStartCheckpoint;
        this.cleanerCheckpoint = cleanerCheckpoint;
    }

    /**
     * Removes every batch holding an offset at least {@code offset}; a batch straddling it goes whole, so the new end
     * may be below {@code offset}. The caller checked that the first segment starts at or below {@code offset}.
     */
    Truncated truncateTo(long offset, LogSegment active, LogConfig config) throws IOException {
        Map.Entry<Long, LogSegment> holding = segments.floorEntry(offset);
        List<LogSegment> above =
                new ArrayList<>(segments.tailMap(holding.getKey(), false).values());
        for (LogSegment segment : above) {
            segments.remove(segment.baseOffset());
        }
        for (LogSegment segment : above) {
            retire(segment);
        }
        producerState.deleteSnapshotsAbove(offset);
        CheckpointFile.forceDirectory(dir);
        LogSegment last = holding.getValue();
        last.truncateTo(offset);
        if (last != active) {
            last.onBecomeActive(config.segmentIndexBytes());
        }
        long logEndOffset = last.readNextOffset();
        epochCache.truncateFromEnd(logEndOffset);
        producerState.rebuild(segments, logEndOffset);
        lowerCleanerCheckpoint(logEndOffset);
        return new Truncated(last, logEndOffset);
    }

    /** Replaces every segment with one empty segment at {@code offset}, the new log start and end offset. */
    Truncated restartAt(long offset, LogConfig config, long nowMs) throws IOException {
        logStartCheckpoint.writeOffset(offset);
        List<LogSegment> old = List.copyOf(segments.values());
        // Renamed aside first, so that a segment already at the offset frees its name; the map is never empty, as
        // the flusher and readers expect.
        for (LogSegment segment : old) {
            segment.renameToDeleted();
        }
        producerState.clear();
        LogSegment created = LogSegment.create(dir, offset, config, nowMs);
        segments.put(offset, created);
        for (LogSegment segment : old) {
            if (segment.baseOffset() != offset) {
                segments.remove(segment.baseOffset());
            }
            env.deleter().deleteLater(segment + " of " + logName, segment::deleteFiles);
        }
        CheckpointFile.forceDirectory(dir);
        epochCache.clear();
        lowerCleanerCheckpoint(offset);
        return new Truncated(created, offset);
    }

    private void retire(LogSegment segment) throws IOException {
        segment.renameToDeleted();
        env.deleter().deleteLater(segment + " of " + logName, segment::deleteFiles);
    }

    /** A cleaner checkpoint above the new end would let the records appended there pass for cleaned ones. */
    private void lowerCleanerCheckpoint(long logEndOffset) throws IOException {
        Optional<CleanerCheckpoint.Point> point;
        try {
            point = cleanerCheckpoint.read();
        } catch (IOException e) {
            // The cleaner treats an unreadable checkpoint as none and cleans from the log start: nothing to lower.
            return;
        }
        if (point.isPresent() && point.get().firstDirtyOffset() > logEndOffset) {
            cleanerCheckpoint.write(
                    new CleanerCheckpoint.Point(logEndOffset, point.get().deleteHorizonMs()));
        }
    }
}
