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
                false,
                true);
    }
}
