package io.brook.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the segments of a log that was not shut down cleanly back to a consistent state. Every segment from the one
 * holding the recovery point (the last flushed offset) onward is re-read batch by batch: header, CRC and offsets are
 * checked, the indexes rebuilt, and the file cut before the first torn or corrupt batch; segments after a cut are
 * deleted. Segments below the recovery point were flushed and are only re-read if their indexes look wrong, or if
 * a cleaned segment was just swapped in by the loader (its indexes are rebuilt, see {@link SegmentSwap}).
 *
 * <p>Offsets must follow each other without gap, except in segments the cleaner may have rewritten: every segment
 * of a compacted log, and the segments below the cleaner checkpoint of a log that was compacted before. There a
 * batch's base offset only has to grow, and a batch may hold fewer records than its offset range.
 *
 * <p>Threading: runs on one loader thread before the log is published.
 */
final class LogRecovery {

    private static final Logger log = LoggerFactory.getLogger(LogRecovery.class);

    private final String logName;
    private final int maxIndexBytes;

    /** The leader epochs seen in recovered batches, in order, each with the offset it started at. */
    private final List<EpochStart> epochStarts = new ArrayList<>();

    /** A leader epoch and the first offset written in it. */
    record EpochStart(int epoch, long startOffset) {}

    LogRecovery(String logName, int maxIndexBytes) {
        this.logName = logName;
        this.maxIndexBytes = maxIndexBytes;
    }

    /**
     * Recovers {@code segments} in place.
     *
     * @param recoveryPoint the offset below which everything was flushed; 0 when unknown
     * @param cleanShutdown whether the log was closed cleanly, in which case only index sanity is checked
     * @param offsetGapsAllowedBelow segments with a smaller base offset may have offset gaps left by the cleaner
     * @param rebuildIndexes base offsets of segments whose indexes are rebuilt whatever else holds
     */
    void recover(
            NavigableMap<Long, LogSegment> segments,
            long recoveryPoint,
            boolean cleanShutdown,
            long offsetGapsAllowedBelow,
            Set<Long> rebuildIndexes)
            throws IOException {
        Long floor = segments.floorKey(recoveryPoint);
        long recoverFrom = cleanShutdown ? Long.MAX_VALUE : floor == null ? Long.MIN_VALUE : floor;
        List<LogSegment> all = new ArrayList<>(segments.values());
        for (int i = 0; i < all.size(); i++) {
            LogSegment segment = all.get(i);
            boolean last = i == all.size() - 1;
            boolean rebuild = rebuildIndexes.contains(segment.baseOffset());
            if (segment.baseOffset() < recoverFrom && segment.hasSaneIndexes() && !rebuild) {
                continue;
            }
            boolean allowGaps = rebuild || segment.baseOffset() < offsetGapsAllowedBelow;
            int cut = segment.recover(maxIndexBytes, allowGaps, this::noteEpoch);
            segment.flush(true);
            if (cut > 0) {
                log.warn("Recovery of {} cut {} bytes of torn or corrupt batches from {}", logName, cut, segment);
                deleteAfter(segments, all.subList(i + 1, all.size()));
                return;
            }
            if (!last) {
                segment.onBecomeInactive();
            }
        }
    }

    /** The (epoch, start offset) pairs seen in recovered batches, oldest first. */
    List<EpochStart> epochStarts() {
        return epochStarts;
    }

    private void noteEpoch(RecordBatch batch) {
        int epoch = batch.partitionLeaderEpoch();
        if (epoch >= 0
                && (epochStarts.isEmpty()
                        || epochStarts.get(epochStarts.size() - 1).epoch() < epoch)) {
            epochStarts.add(new EpochStart(epoch, batch.baseOffset()));
        }
    }

    private void deleteAfter(NavigableMap<Long, LogSegment> segments, List<LogSegment> later) throws IOException {
        for (LogSegment segment : later) {
            log.warn("Recovery of {} deletes {} which follows a cut segment", logName, segment);
            segments.remove(segment.baseOffset());
            segment.deleteFiles();
        }
    }
}
