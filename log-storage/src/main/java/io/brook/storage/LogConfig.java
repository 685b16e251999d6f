package io.brook.storage;

import org.apache.kafka.common.record.TimestampType;

/**
 * The validated configuration of one partition log. Field names follow Kafka's topic configs
 * ({@code segment.bytes}, {@code retention.ms}, ...); {@code -1} means unlimited where Kafka allows it.
 *
 * @param segmentBytes roll the active segment once it would exceed this size ({@code segment.bytes})
 * @param segmentMs roll the active segment once its first batch is older than this ({@code segment.ms})
 * @param retentionMs delete whole segments whose newest record is older than this, -1 keeps forever
 * @param retentionBytes delete oldest segments while the log is larger than this, -1 for no limit
 * @param maxMessageBytes largest record batch accepted ({@code max.message.bytes})
 * @param timestampType CreateTime keeps producer timestamps; LogAppendTime stamps the broker's clock
 * @param indexIntervalBytes bytes between two entries of the sparse offset and time indexes
 * @param segmentIndexBytes maximum size of each index file, which also bounds a segment's entries
 * @param flushPolicy when appends are forced to disk
 * @param compact whether {@code cleanup.policy} contains {@code compact} (the {@link LogCleaner} keeps the latest
 *     record per key)
 * @param delete whether {@code cleanup.policy} contains {@code delete} (time and size retention apply)
 * @param deleteRetentionMs how long a tombstone survives after the cleaning pass that first kept it
 *     ({@code delete.retention.ms})
 * @param minCleanableDirtyRatio the share of the log's cleanable bytes that must be dirty (not yet cleaned) before
 *     it is cleaned ({@code min.cleanable.dirty.ratio}, 0 to 1)
 * @param minCompactionLagMs records newer than this are never cleaned ({@code min.compaction.lag.ms})
 * @param maxCompactionLagMs a log whose oldest dirty record is older than this is cleaned whatever its dirty ratio
 *     ({@code max.compaction.lag.ms})
 */
public record LogConfig(
        long segmentBytes,
        long segmentMs,
        long retentionMs,
        long retentionBytes,
        int maxMessageBytes,
        TimestampType timestampType,
        int indexIntervalBytes,
        int segmentIndexBytes,
        FlushPolicy flushPolicy,
        boolean compact,
        boolean delete,
        long deleteRetentionMs,
        double minCleanableDirtyRatio,
        long minCompactionLagMs,
        long maxCompactionLagMs) {

    public static final long DEFAULT_SEGMENT_BYTES = 1024L * 1024 * 1024;
    public static final long DEFAULT_SEGMENT_MS = 7L * 24 * 60 * 60 * 1000;
    public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024 + 12;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final int DEFAULT_SEGMENT_INDEX_BYTES = 10 * 1024 * 1024;
    public static final long DEFAULT_DELETE_RETENTION_MS = 24L * 60 * 60 * 1000;
    public static final double DEFAULT_MIN_CLEANABLE_DIRTY_RATIO = 0.5;
    public static final long DEFAULT_MIN_COMPACTION_LAG_MS = 0;
    public static final long DEFAULT_MAX_COMPACTION_LAG_MS = Long.MAX_VALUE;

    public LogConfig {
        if (segmentBytes < 14) {
            throw new IllegalArgumentException("segment.bytes must be at least 14, was " + segmentBytes);
        }
        if (segmentMs <= 0) {
            throw new IllegalArgumentException("segment.ms must be positive, was " + segmentMs);
        }
        if (retentionMs < -1 || retentionBytes < -1) {
            throw new IllegalArgumentException(
                    "retention must be -1 or non-negative, was ms=" + retentionMs + " bytes=" + retentionBytes);
        }
        if (maxMessageBytes <= 0 || indexIntervalBytes <= 0 || segmentIndexBytes < 8) {
            throw new IllegalArgumentException("max.message.bytes, index.interval.bytes, segment.index.bytes invalid: "
                    + maxMessageBytes + ", " + indexIntervalBytes + ", " + segmentIndexBytes);
        }
        if (timestampType == null || timestampType == TimestampType.NO_TIMESTAMP_TYPE) {
            throw new IllegalArgumentException("message.timestamp.type must be CreateTime or LogAppendTime");
        }
        if (flushPolicy == null) {
            throw new IllegalArgumentException("flush policy must be set");
        }
        if (deleteRetentionMs < 0 || minCompactionLagMs < 0 || maxCompactionLagMs < 0) {
            throw new IllegalArgumentException("delete.retention.ms, min.compaction.lag.ms, max.compaction.lag.ms must"
                    + " not be negative, were " + deleteRetentionMs + ", " + minCompactionLagMs + ", "
                    + maxCompactionLagMs);
        }
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new IllegalArgumentException(
                    "min.cleanable.dirty.ratio must be between 0 and 1, was " + minCleanableDirtyRatio);
        }
    }

    /**
     * How old the active segment may get before it rolls: {@code segment.ms}, or for a compacted log
     * {@code max.compaction.lag.ms} if smaller, since the cleaner never touches the active segment.
     */
    public long maxSegmentMs() {
        return compact && maxCompactionLagMs > 0 ? Math.min(segmentMs, maxCompactionLagMs) : segmentMs;
    }

    /** Kafka's defaults, with the page cache deciding when to flush. */
    public static LogConfig defaults() {
        return new LogConfig(
                DEFAULT_SEGMENT_BYTES,
                DEFAULT_SEGMENT_MS,
                DEFAULT_RETENTION_MS,
                -1,
                DEFAULT_MAX_MESSAGE_BYTES,
                TimestampType.CREATE_TIME,
                DEFAULT_INDEX_INTERVAL_BYTES,
                DEFAULT_SEGMENT_INDEX_BYTES,
                FlushPolicy.pageCache(),
                false,
                true,
                DEFAULT_DELETE_RETENTION_MS,
                DEFAULT_MIN_CLEANABLE_DIRTY_RATIO,
                DEFAULT_MIN_COMPACTION_LAG_MS,
                DEFAULT_MAX_COMPACTION_LAG_MS);
    }
}
