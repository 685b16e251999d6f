package io.brook.storage;

/**
 * Configuration of the {@link LogCleaner}, Kafka's {@code log.cleaner.*} broker settings.
 *
 * @param enabled whether the background thread runs ({@link LogManager#runCleaner()} works either way)
 * @param offsetMapMaxEntries distinct keys one pass may map; a larger dirty section is cleaned over several passes
 * @param offsetMapMaxKeyBytes bytes of keys one pass may map
 * @param backoffMs how long the background thread waits between passes
 */
public record LogCleanerConfig(boolean enabled, int offsetMapMaxEntries, long offsetMapMaxKeyBytes, long backoffMs) {

    public LogCleanerConfig {
        if (offsetMapMaxEntries < 1 || offsetMapMaxKeyBytes < 1 || backoffMs < 1) {
            throw new IllegalArgumentException("invalid log cleaner config: offsetMapMaxEntries=" + offsetMapMaxEntries
                    + " offsetMapMaxKeyBytes=" + offsetMapMaxKeyBytes + " backoffMs=" + backoffMs);
        }
    }

    /**
     * At most 250,000 keys and 32 MiB of key bytes mapped per pass (about 70 MiB of heap with the map's overhead), a
     * pass every 15 seconds (Kafka's {@code log.cleaner.backoff.ms}).
     */
    public static LogCleanerConfig defaults() {
        return new LogCleanerConfig(true, 250_000, 32L * 1024 * 1024, 15_000);
    }
}
