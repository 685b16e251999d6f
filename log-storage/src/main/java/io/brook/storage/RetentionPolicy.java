package io.brook.storage;

import java.util.List;

/**
 * Decides which segments retention deletes: those wholly below the log start offset, then (for
 * {@code cleanup.policy=delete}) those whose newest record is older than {@code retention.ms}, then the oldest ones
 * while the log is larger than {@code retention.bytes}. Always a prefix of the segments, oldest first.
 *
 * <p>Time retention may take the active segment when it holds data; the log then rolls a new empty segment before
 * deleting it. An empty inactive segment (the cleaner removed all its records) ages from its last write. Size
 * retention never takes the active segment. Stateless and thread-safe.
 */
final class RetentionPolicy {

    private RetentionPolicy() {}

    /**
     * How many of {@code segments} (ascending, the last one active) to delete.
     */
    static int deletableCount(List<LogSegment> segments, LogConfig config, long logStartOffset, long nowMs) {
        int count = countBelowLogStart(segments, logStartOffset);
        int last = segments.size() - 1;
        if (!config.delete()) {
            return count;
        }
        if (config.retentionMs() >= 0) {
            while (count <= last && isExpired(segments.get(count), count == last, config.retentionMs(), nowMs)) {
                count++;
            }
        }
        if (config.retentionBytes() >= 0) {
            long excess = -config.retentionBytes();
            for (int i = count; i <= last; i++) {
                excess += segments.get(i).size();
            }
            while (count < last && excess >= segments.get(count).size()) {
                excess -= segments.get(count).size();
                count++;
            }
        }
        return count;
    }

    /** How many of {@code segments} (ascending) lie wholly below {@code logStartOffset}; never the active one. */
    static int countBelowLogStart(List<LogSegment> segments, long logStartOffset) {
        int count = 0;
        while (count < segments.size() - 1 && segments.get(count + 1).baseOffset() <= logStartOffset) {
            count++;
        }
        return count;
    }

    private static boolean isExpired(LogSegment segment, boolean active, long retentionMs, long nowMs) {
        return (segment.size() > 0 || !active) && nowMs - segment.largestTimestampMs() > retentionMs;
    }
}
