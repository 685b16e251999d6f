package io.brook.storage;

import org.apache.kafka.common.record.TimestampType;

/** Builds {@link LogConfig}s for tests, starting from Kafka's defaults. */
final class TestLogConfig {

    private long segmentBytes = LogConfig.DEFAULT_SEGMENT_BYTES;
    private long segmentMs = LogConfig.DEFAULT_SEGMENT_MS;
    private long retentionMs = -1;
    private long retentionBytes = -1;
    private int maxMessageBytes = LogConfig.DEFAULT_MAX_MESSAGE_BYTES;
    private TimestampType timestampType = TimestampType.CREATE_TIME;
    private int indexIntervalBytes = LogConfig.DEFAULT_INDEX_INTERVAL_BYTES;
    private int segmentIndexBytes = 64 * 1024;
    private FlushPolicy flushPolicy = FlushPolicy.pageCache();
    private boolean compact;
    private boolean delete = true;
    private long deleteRetentionMs = LogConfig.DEFAULT_DELETE_RETENTION_MS;
    private double minCleanableDirtyRatio = LogConfig.DEFAULT_MIN_CLEANABLE_DIRTY_RATIO;
    private long minCompactionLagMs = LogConfig.DEFAULT_MIN_COMPACTION_LAG_MS;
    private long maxCompactionLagMs = LogConfig.DEFAULT_MAX_COMPACTION_LAG_MS;

    static TestLogConfig config() {
        return new TestLogConfig();
    }

    TestLogConfig segmentBytes(long value) {
        segmentBytes = value;
        return this;
    }

    TestLogConfig segmentMs(long value) {
        segmentMs = value;
        return this;
    }

    TestLogConfig retentionMs(long value) {
        retentionMs = value;
        return this;
    }

    TestLogConfig retentionBytes(long value) {
        retentionBytes = value;
        return this;
    }

    TestLogConfig maxMessageBytes(int value) {
        maxMessageBytes = value;
        return this;
    }

    TestLogConfig logAppendTime() {
        timestampType = TimestampType.LOG_APPEND_TIME;
        return this;
    }

    TestLogConfig indexIntervalBytes(int value) {
        indexIntervalBytes = value;
        return this;
    }

    TestLogConfig segmentIndexBytes(int value) {
        segmentIndexBytes = value;
        return this;
    }

    TestLogConfig flushPolicy(FlushPolicy value) {
        flushPolicy = value;
        return this;
    }

    /** {@code cleanup.policy=compact}: compaction only, no time or size retention. */
    TestLogConfig compact() {
        compact = true;
        delete = false;
        return this;
    }

    /** {@code cleanup.policy=compact,delete}. */
    TestLogConfig compactAndDelete() {
        compact = true;
        delete = true;
        return this;
    }

    /** {@code cleanup.policy=delete} (the default). */
    TestLogConfig delete() {
        compact = false;
        delete = true;
        return this;
    }

    TestLogConfig deleteRetentionMs(long value) {
        deleteRetentionMs = value;
        return this;
    }

    TestLogConfig minCleanableDirtyRatio(double value) {
        minCleanableDirtyRatio = value;
        return this;
    }

    TestLogConfig minCompactionLagMs(long value) {
        minCompactionLagMs = value;
        return this;
    }

    TestLogConfig maxCompactionLagMs(long value) {
        maxCompactionLagMs = value;
        return this;
    }

    LogConfig build() {
        return new LogConfig(
                segmentBytes,
                segmentMs,
                retentionMs,
                retentionBytes,
                maxMessageBytes,
                timestampType,
                indexIntervalBytes,
                segmentIndexBytes,
                flushPolicy,
                compact,
                delete,
                deleteRetentionMs,
                minCleanableDirtyRatio,
                minCompactionLagMs,
                maxCompactionLagMs);
    }
}
