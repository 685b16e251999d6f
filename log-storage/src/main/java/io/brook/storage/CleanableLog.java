package io.brook.storage;

import java.util.List;
import java.util.OptionalLong;

/**
 * How dirty one compacted log is, as the {@link LogCleaner} sees it at one instant. The log's inactive segments
 * split into a clean section (below {@link #firstDirtyOffset}, cleaned before), a dirty section (up to
 * {@link #firstUncleanableOffset}) and the rest, which is not cleaned yet: the active segment and every segment from
 * the first one holding a record newer than {@code min.compaction.lag.ms}.
 *
 * <pre>
 *  log start     first dirty           first uncleanable      active segment base
 *  |-- clean ----|----- dirty ---------|---- too recent ------|---- active ----|
 * </pre>
 *
 * <p>Sizes are counted in whole segments: a segment the first dirty offset falls inside counts as dirty.
 * Immutable.
 *
 * @param dirtyBytes bytes of the segments in the dirty section
 * @param cleanBytes bytes of the segments wholly below the first dirty offset
 * @param maxLagExceeded the oldest dirty batch is older than {@code max.compaction.lag.ms}
 * @param tombstonesExpired the earliest delete horizon of the tombstones kept by earlier passes has passed
 * @param truncationCount the log's {@link PartitionLog#truncationCount()} when it was measured: a pass gives way
 *     to a truncation after it
 */
record CleanableLog(
        PartitionLog log,
        LogConfig config,
        long firstDirtyOffset,
        long firstUncleanableOffset,
        long cleanBytes,
        long dirtyBytes,
        boolean maxLagExceeded,
        boolean tombstonesExpired,
        long truncationCount) {

    /** Whether the log was truncated since it was measured, which makes the measure and any pass on it stale. */
    boolean truncatedSince() {
        return log.truncationCount() != truncationCount;
    }

    /** The dirty share of the cleanable bytes, 0 when there are none. */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /**
     * Whether a pass is due: enough dirty bytes (ratio at least {@code min.cleanable.dirty.ratio}), dirty records
     * waiting longer than {@code max.compaction.lag.ms}, or tombstones past their delete horizon.
     */
    boolean needsCleaning() {
        boolean dirtyEnough = dirtyBytes > 0 && (dirtyRatio() >= config.minCleanableDirtyRatio() || maxLagExceeded);
        return dirtyEnough || (tombstonesExpired && cleanBytes + dirtyBytes > 0);
    }

    /** Measures {@code log} at {@code nowMs}, {@code point} being its cleaner checkpoint. */
    static CleanableLog assess(PartitionLog log, CleanerCheckpoint.Point point, long nowMs) {
        LogConfig config = log.config();
        long truncationCount = log.truncationCount();
        List<LogSegment> segments = log.segmentsSnapshot();
        long logStart = log.logStartOffset();
        long firstDirty = point.firstDirtyOffset();
        if (firstDirty < logStart || firstDirty > log.logEndOffset()) {
            firstDirty = logStart;
        }
        int active = segments.size() - 1;
        long firstUncleanable = segments.get(active).baseOffset();
        long cleanBytes = 0;
        long dirtyBytes = 0;
        OptionalLong firstDirtyTimestamp = OptionalLong.empty();
        for (int i = 0; i < active; i++) {
            LogSegment segment = segments.get(i);
            if (segments.get(i + 1).baseOffset() <= firstDirty) {
                cleanBytes += segment.size();
                continue;
            }
            if (config.minCompactionLagMs() > 0 && nowMs - segment.largestTimestampMs() < config.minCompactionLagMs()) {
                firstUncleanable = Math.max(firstDirty, segment.baseOffset());
                break;
            }
            dirtyBytes += segment.size();
            if (firstDirtyTimestamp.isEmpty()) {
                firstDirtyTimestamp = segment.firstBatchTimestampFrom(firstDirty);
            }
        }
        boolean maxLagExceeded = firstDirtyTimestamp.isPresent()
                && nowMs - firstDirtyTimestamp.getAsLong() >= config.maxCompactionLagMs();
        boolean tombstonesExpired =
                point.deleteHorizonMs() != CleanerCheckpoint.NO_DELETE_HORIZON && nowMs >= point.deleteHorizonMs();
        return new CleanableLog(
                log,
                config,
                firstDirty,
                firstUncleanable,
                cleanBytes,
                dirtyBytes,
                maxLagExceeded,
                tombstonesExpired,
                truncationCount);
    }
}
