package io.brook.storage;

import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction for {@code cleanup.policy=compact} logs, owned by the {@link LogManager}: each pass picks the filthiest
 * compacted log (highest dirty ratio among those {@link CleanableLog#needsCleaning() due}) and cleans it with a
 * {@link LogCompactor}, which keeps the latest record per key, drops tombstones after their delete horizon, never
 * changes an offset and swaps cleaned segments in crash-safely ({@link SegmentSwap}).
 *
 * <p>Threading: passes run one at a time, on the cleaner's own background thread (every
 * {@link LogCleanerConfig#backoffMs()}) or on the caller's thread ({@link #runOnce()}, for tests). All time
 * decisions use the injected clock. {@link #shutdown()} stops a pass in progress at the next batch; the half-written
 * cleaned segment is removed and the log is left as it was.
 *
 * <p>Invariants: a log whose cleaning failed on something other than I/O (a batch that cannot be parsed) is skipped
 * until restart, as Kafka marks it uncleanable; an I/O error takes the log directory offline.
 */
final class LogCleaner {

    private static final Logger log = LoggerFactory.getLogger(LogCleaner.class);

    private final LogCleanerConfig config;
    private final Clock clock;
    private final Supplier<Collection<PartitionLog>> logs;
    private final LogDirectoryFaultHandler faultHandler;
    private final OffsetMap map;
    private final Object passLock = new Object();
    private final Set<PartitionLog> uncleanable = ConcurrentHashMap.newKeySet();
    private volatile SegmentSwap.Observer observer = SegmentSwap.Observer.NONE;
    private volatile boolean stopping;
    private ScheduledThreadPoolExecutor thread;

    LogCleaner(
            LogCleanerConfig config,
            Clock clock,
            Supplier<Collection<PartitionLog>> logs,
            LogDirectoryFaultHandler faultHandler) {
        this.config = config;
        this.clock = clock;
        this.logs = logs;
        this.faultHandler = faultHandler;
        this.map = new OffsetMap(config.offsetMapMaxEntries(), config.offsetMapMaxKeyBytes());
    }

    /** Starts the background thread if the cleaner is enabled. */
    synchronized void startup() {
        if (!config.enabled() || thread != null) {
            return;
        }
        thread = new ScheduledThreadPoolExecutor(1, StorageThreads.named("log-cleaner"));
        thread.scheduleWithFixedDelay(
                this::runInBackground, config.backoffMs(), config.backoffMs(), TimeUnit.MILLISECONDS);
    }

    /** For tests: told of each step of every segment swap. */
    void observer(SegmentSwap.Observer observer) {
        this.observer = observer;
    }

    /** Runs one pass now: cleans the filthiest log that is due, if any. */
    Optional<CleanerStats> runOnce() {
        synchronized (passLock) {
            if (stopping || faultHandler.isOffline()) {
                return Optional.empty();
            }
            uncleanable.removeIf(PartitionLog::isClosed);
            long nowMs = clock.millis();
            Optional<CleanableLog> filthiest = grabFilthiest(nowMs);
            return filthiest.flatMap(target -> clean(target, nowMs));
        }
    }

    private Optional<CleanableLog> grabFilthiest(long nowMs) {
        CleanableLog best = null;
        for (PartitionLog candidate : logs.get()) {
            if (!candidate.config().compact() || candidate.isClosed() || uncleanable.contains(candidate)) {
                continue;
            }
            CleanableLog assessed = CleanableLog.assess(candidate, checkpoint(candidate), nowMs);
            if (assessed.needsCleaning() && (best == null || assessed.dirtyRatio() > best.dirtyRatio())) {
                best = assessed;
            }
        }
        return Optional.ofNullable(best);
    }

    private static CleanerCheckpoint.Point checkpoint(PartitionLog partitionLog) {
        try {
            return partitionLog.cleanerCheckpoint().read().orElse(CleanerCheckpoint.Point.NONE);
        } catch (IOException e) {
            log.warn("Unreadable cleaner checkpoint of {}, cleaning it from the start: {}", partitionLog, e.toString());
            return CleanerCheckpoint.Point.NONE;
        }
    }

    private Optional<CleanerStats> clean(CleanableLog target, long nowMs) {
        PartitionLog partitionLog = target.log();
        LogCompactor compactor =
                new LogCompactor(map, observer, () -> stopping || partitionLog.isClosed() || target.truncatedSince());
        try {
            Optional<CleanerStats> stats = compactor.clean(target, nowMs);
            stats.ifPresentOrElse(
                    LogCleaner::logPass,
                    () -> log.info(
                            "Cleaning of {} gave way to a concurrent change of"
                                    + " its segments; it is retried on a later pass",
                            partitionLog.topicPartition()));
            return stats;
        } catch (LogCompactor.CleaningAbortedException e) {
            log.debug("Cleaning of {} stopped: {}", partitionLog.topicPartition(), e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            if (stopping || partitionLog.isClosed() || target.truncatedSince()) {
                return Optional.empty();
            }
            throw faultHandler.handle("cleaning " + partitionLog.topicPartition(), e);
        } catch (RuntimeException e) {
            // A truncation may have cut a segment while the pass read it: that is no fault of the log.
            if (stopping || partitionLog.isClosed() || target.truncatedSince()) {
                return Optional.empty();
            }
            uncleanable.add(partitionLog);
            log.error("Cleaning of {} failed; it is not cleaned again until restart", partitionLog.topicPartition(), e);
            return Optional.empty();
        }
    }

    private static void logPass(CleanerStats stats) {
        log.info(
                "Cleaned {} up to offset {} (dirty ratio {}): {} segments into {}, {} to {} bytes, {} of {} records"
                        + " kept, {} keys mapped",
                stats.topicPartition(),
                stats.cleanedUpTo(),
                String.format("%.2f", stats.dirtyRatio()),
                stats.segmentsRewritten(),
                stats.segmentsWritten(),
                stats.bytesRead(),
                stats.bytesWritten(),
                stats.recordsRetained(),
                stats.recordsRead(),
                stats.mapEntries());
    }

    private void runInBackground() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.error("Background log cleaning failed", e);
        }
    }

    /** Stops the background thread, ending a pass in progress early, and waits for it. */
    void shutdown() {
        stopping = true;
        ScheduledThreadPoolExecutor running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        // No interrupt: it would close the FileChannel the pass is reading, which is shared with readers.
        running.shutdown();
        try {
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The log cleaner did not stop within 30 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
