package io.brook.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A log manager over a temporary directory with a mutable clock, restartable cleanly or after a simulated crash.
 * Every log the tests use gets {@link #logConfig}. The cleaner's background thread waits an hour between passes,
 * so tests drive cleaning with {@link LogManager#runCleaner()}.
 */
final class LogFixture implements AutoCloseable {

    static final TopicPartition TP = new TopicPartition("orders", 0);

    final Path dataDir;
    final MutableClock clock;
    final long fileDeleteDelayMs;
    final LogCleanerConfig cleanerConfig;
    LogConfig logConfig;
    LogManager manager;

    LogFixture(Path dataDir, LogConfig logConfig) {
        this(dataDir, logConfig, new MutableClock(1_700_000_000_000L), 60_000);
    }

    LogFixture(Path dataDir, LogConfig logConfig, MutableClock clock, long fileDeleteDelayMs) {
        this(dataDir, logConfig, clock, fileDeleteDelayMs, cleanerConfig(250_000));
    }

    LogFixture(
            Path dataDir,
            LogConfig logConfig,
            MutableClock clock,
            long fileDeleteDelayMs,
            LogCleanerConfig cleanerConfig) {
        this.dataDir = dataDir;
        this.cleanerConfig = cleanerConfig;
        this.logConfig = logConfig;
        this.clock = clock;
        this.fileDeleteDelayMs = fileDeleteDelayMs;
        start();
    }

    private void start() {
        manager = new LogManager(
                new LogManagerConfig(dataDir, 2, 3_600_000L, fileDeleteDelayMs),
                clock,
                FlushListener.NONE,
                cleanerConfig);
        manager.startup(topic -> logConfig);
    }

    /** A cleaner that maps at most {@code offsetMapMaxEntries} keys per pass and never runs by itself in a test. */
    static LogCleanerConfig cleanerConfig(int offsetMapMaxEntries) {
        return new LogCleanerConfig(true, offsetMapMaxEntries, 1024 * 1024, 3_600_000L);
    }

    PartitionLog log() {
        return manager.getOrCreateLog(TP, logConfig);
    }

    PartitionLog restartClean() {
        manager.close();
        start();
        return log();
    }

    PartitionLog restartAfterCrash() {
        crash();
        start();
        return log();
    }

    void crash() {
        manager.halt();
    }

    PartitionLog reopen() {
        start();
        return log();
    }

    /** Appends {@code count} batches of {@code recordsPerBatch} records and returns the stored bytes of each. */
    List<byte[]> appendBatches(PartitionLog log, int count, int recordsPerBatch) {
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var records = TestRecords.batch(clock.millis(), recordsPerBatch + i % 3);
            log.appendAsLeader(records, 0);
            stored.add(TestRecords.bytes(records));
        }
        return stored;
    }

    @Override
    public void close() {
        manager.close();
    }
}
