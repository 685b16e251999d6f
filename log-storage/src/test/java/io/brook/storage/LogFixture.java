package io.brook.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A log manager over a temporary directory with a mutable clock, restartable cleanly or after a simulated crash.
 * Every log the tests use gets {@link #logConfig}.
 */
final class LogFixture implements AutoCloseable {

    static final TopicPartition TP = new TopicPartition("orders", 0);

    final Path dataDir;
    final MutableClock clock;
    final long fileDeleteDelayMs;
    LogConfig logConfig;
    LogManager manager;

    LogFixture(Path dataDir, LogConfig logConfig) {
        this(dataDir, logConfig, new MutableClock(1_700_000_000_000L), 60_000);
    }

    LogFixture(Path dataDir, LogConfig logConfig, MutableClock clock, long fileDeleteDelayMs) {
        this.dataDir = dataDir;
        this.logConfig = logConfig;
        this.clock = clock;
        this.fileDeleteDelayMs = fileDeleteDelayMs;
        start();
    }

    private void start() {
        manager = new LogManager(new LogManagerConfig(dataDir, 2, 3_600_000L, fileDeleteDelayMs), clock);
        manager.startup(topic -> logConfig);
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
