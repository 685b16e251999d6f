package io.brook.storage;

/** Told how long each forced write of a log took, for flush-latency metrics. Called on the flusher thread. */
@FunctionalInterface
public interface FlushListener {

    FlushListener NONE = (log, durationNanos) -> {};

    /** @param log the partition log's name, {@code <topic>-<partition>} */
    void logFlushed(String log, long durationNanos);
}
