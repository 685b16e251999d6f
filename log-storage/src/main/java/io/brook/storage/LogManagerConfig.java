package io.brook.storage;

import java.nio.file.Path;

/**
 * Configuration of the log manager, which owns one data directory.
 *
 * @param dataDir the directory holding one sub-directory per partition, {@code <topic>-<partition>}
 * @param recoveryThreads threads used to open and recover partition logs at start-up
 * @param retentionCheckIntervalMs how often time and size retention run
 * @param fileDeleteDelayMs how long deleted segments stay open so that reads in flight complete
 */
public record LogManagerConfig(
        Path dataDir, int recoveryThreads, long retentionCheckIntervalMs, long fileDeleteDelayMs) {

    public LogManagerConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("data directory must be set");
        }
        if (recoveryThreads < 1 || retentionCheckIntervalMs <= 0 || fileDeleteDelayMs < 0) {
            throw new IllegalArgumentException("invalid log manager config: threads=" + recoveryThreads
                    + " retentionCheckIntervalMs=" + retentionCheckIntervalMs + " fileDeleteDelayMs="
                    + fileDeleteDelayMs);
        }
    }

    public static LogManagerConfig of(Path dataDir) {
        return new LogManagerConfig(dataDir, 2, 5 * 60 * 1000L, 60 * 1000L);
    }
}
