package io.brook.storage;

import io.brook.storage.errors.LogDirectoryOfflineException;
import io.brook.storage.errors.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the data directory and every {@link PartitionLog} in it: loads them at start-up (recovering those not shut
 * down cleanly), creates and deletes them, and runs the background work: retention, recovery-point and high
 * watermark checkpoints, interval flushes (on one scheduler thread), the group-commit {@link Flusher} and the {@link LogCleaner} (each on
 * its own thread). Its {@link LogDirectoryFaultHandler} takes the directory offline on the first fatal I/O error.
 *
 * <p>Threading: thread-safe. {@link #startup} and {@link #close} are called once each, by the owner.
 */
public final class LogManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogManager.class);
    private static final long INTERVAL_FLUSH_TICK_MS = 100;

    private final LogManagerConfig config;
    private final LogCleanerConfig cleanerConfig;
    private final Clock clock;
    private final FlushListener flushListener;
    private final Map<TopicPartition, PartitionLog> logs = new ConcurrentHashMap<>();
    private final LogDirectoryFaultHandler faultHandler;
    private final AtomicLong deletedDirCounter = new AtomicLong();
    private final Object lifecycleLock = new Object();
    private ScheduledExecutorService scheduler;
    private Flusher flusher;
    private LogCleaner cleaner;
    private LogEnvironment env;
    private boolean closed;

    public LogManager(LogManagerConfig config, Clock clock) {
        this(config, clock, FlushListener.NONE);
    }

    public LogManager(LogManagerConfig config, Clock clock, FlushListener flushListener) {
        this(config, clock, flushListener, LogCleanerConfig.defaults());
    }

    public LogManager(
            LogManagerConfig config, Clock clock, FlushListener flushListener, LogCleanerConfig cleanerConfig) {
        this.config = config;
        this.cleanerConfig = cleanerConfig;
        this.clock = clock;
        this.flushListener = flushListener;
        this.faultHandler = new LogDirectoryFaultHandler(config.dataDir());
        faultHandler.onOffline(() -> logs.values()
                .forEach(log -> log.flushTracker()
                        .failWaiters(new LogDirectoryOfflineException(
                                "log directory " + config.dataDir() + " is offline"))));
    }

    /**
     * Opens every {@code <topic>-<partition>} directory under the data directory (recovering those not cleanly shut
     * down, in parallel on {@link LogManagerConfig#recoveryThreads()}), then starts background retention,
     * flushing and cleaning.
     */
    public void startup(Function<String, LogConfig> configForTopic) {
        synchronized (lifecycleLock) {
            if (env != null) {
                throw new IllegalStateException("log manager already started");
            }
            ScheduledThreadPoolExecutor executor =
                    new ScheduledThreadPoolExecutor(1, StorageThreads.named("log-scheduler"));
            // Delayed file deletions still waiting at close are run by the deleter itself, not awaited here.
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            scheduler = executor;
            flusher = new Flusher();
            env = new LogEnvironment(
                    clock,
                    flusher,
                    new DelayedFileDeleter(scheduler, config.fileDeleteDelayMs()),
                    faultHandler,
                    flushListener);
            try {
                Files.createDirectories(config.dataDir());
                Path marker = config.dataDir().resolve(LogFileNames.CLEAN_SHUTDOWN_MARKER);
                boolean cleanShutdown = Files.exists(marker);
                loadLogs(configForTopic, cleanShutdown);
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                throw faultHandler.handle("loading logs from " + config.dataDir(), e);
            }
            scheduleBackgroundTasks();
            cleaner = new LogCleaner(cleanerConfig, clock, logs::values, faultHandler);
            cleaner.startup();
        }
    }

    private void loadLogs(Function<String, LogConfig> configForTopic, boolean cleanShutdown) throws IOException {
        List<Callable<PartitionLog>> loads = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(config.dataDir())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                if (name.endsWith(LogFileNames.DELETE_DIR_SUFFIX)) {
                    deleteRecursively(dir);
                    continue;
                }
                LogFileNames.parseDirName(name)
                        .ifPresent(tp -> loads.add(() ->
                                PartitionLog.open(tp, dir, configForTopic.apply(tp.topic()), env, cleanShutdown)));
            }
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(config.recoveryThreads(), StorageThreads.named("log-loader"));
        try {
            for (Future<PartitionLog> loaded : pool.invokeAll(loads)) {
                PartitionLog partitionLog = loaded.get();
                logs.put(partitionLog.topicPartition(), partitionLog);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("could not load a log", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while loading logs", e);
        } finally {
            pool.shutdownNow();
        }
        log.info(
                "Loaded {} logs from {} ({})",
                logs.size(),
                config.dataDir(),
                cleanShutdown ? "clean shutdown" : "recovery");
    }

    private void scheduleBackgroundTasks() {
        long intervalMs = config.retentionCheckIntervalMs();
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("retention", this::runRetention), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("recovery-point checkpoint", this::checkpointRecoveryPoints),
                intervalMs,
                intervalMs,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("interval flush", this::requestIntervalFlushes),
                INTERVAL_FLUSH_TICK_MS,
                INTERVAL_FLUSH_TICK_MS,
                TimeUnit.MILLISECONDS);
    }

    public PartitionLog getOrCreateLog(TopicPartition topicPartition, LogConfig logConfig) {
        LogEnvironment env = startedEnvironment();
        faultHandler.ensureOnline();
        return logs.computeIfAbsent(topicPartition, tp -> {
            Path dir = config.dataDir().resolve(LogFileNames.dirName(tp));
            // A directory that was not there at start-up has nothing to recover.
            boolean fresh = !Files.exists(dir);
            try {
                return PartitionLog.open(tp, dir, logConfig, env, fresh);
            } catch (IOException e) {
                throw faultHandler.handle("creating the log of " + tp, e);
            }
        });
    }

    public Optional<PartitionLog> log(TopicPartition topicPartition) {
        return Optional.ofNullable(logs.get(topicPartition));
    }

    public Collection<PartitionLog> allLogs() {
        return List.copyOf(logs.values());
    }

    /** Removes the log from the manager at once; its files are renamed aside and deleted asynchronously. */
    public void deleteLog(TopicPartition topicPartition) {
        LogEnvironment env = startedEnvironment();
        PartitionLog removed = logs.remove(topicPartition);
        if (removed == null) {
            return;
        }
        Collection<LogSegment> segments = removed.abandon();
        Path aside = removed.dir()
                .resolveSibling(removed.dir().getFileName() + "." + clock.millis() + "-"
                        + deletedDirCounter.incrementAndGet() + LogFileNames.DELETE_DIR_SUFFIX);
        try {
            Files.move(removed.dir(), aside);
        } catch (IOException e) {
            throw faultHandler.handle("renaming " + removed.dir() + " for deletion", e);
        }
        env.deleter().deleteLater(aside.toString(), () -> {
            for (LogSegment segment : segments) {
                segment.closeHandles();
            }
            deleteRecursively(aside);
        });
        log.info(
                "Deleted log {}; its files in {} are removed after {} ms",
                topicPartition,
                aside,
                config.fileDeleteDelayMs());
    }

    /** Runs time and size retention on every log once (what the background task does). */
    public void runRetention() {
        for (PartitionLog partitionLog : logs.values()) {
            partitionLog.applyRetention();
        }
    }

    /**
     * Runs one cleaning pass now, on the caller's thread (what the cleaner's thread does every
     * {@link LogCleanerConfig#backoffMs()}): cleans the compacted log that needs it most, if any.
     *
     * @return what the pass did, empty if no log needed cleaning
     */
    public Optional<CleanerStats> runCleaner() {
        startedEnvironment();
        return startedCleaner().runOnce();
    }

    /** For tests: told of each step of every segment swap the cleaner makes. */
    void cleanerObserver(SegmentSwap.Observer observer) {
        startedCleaner().observer(observer);
    }

    private LogCleaner startedCleaner() {
        synchronized (lifecycleLock) {
            if (cleaner == null) {
                throw new IllegalStateException("log manager is not started");
            }
            return cleaner;
        }
    }

    /** Writes each log's recovery point and high watermark checkpoints, where they moved. */
    void checkpointRecoveryPoints() {
        for (PartitionLog partitionLog : logs.values()) {
            partitionLog.flushTracker().checkpointRecoveryPoint();
            partitionLog.checkpointHighWatermark();
        }
    }

    private void requestIntervalFlushes() {
        long nowMs = clock.millis();
        for (PartitionLog partitionLog : logs.values()) {
            partitionLog
                    .flushTracker()
                    .maybeFlushOnInterval(partitionLog.config().flushPolicy(), nowMs);
        }
    }

    /** Flushes everything, writes checkpoints and the clean-shutdown marker, stops the threads. */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (closed || env == null) {
                closed = true;
                return;
            }
            closed = true;
            stopCleaner();
            stopScheduler();
            flusher.close();
            for (PartitionLog partitionLog : logs.values()) {
                partitionLog.close();
            }
            env.deleter().runPendingNow();
            if (!faultHandler.isOffline()) {
                writeCleanShutdownMarker();
            }
            log.info("Closed log manager of {}", config.dataDir());
        }
    }

    /**
     * Stops like a crash: threads stop and files are released, but nothing is flushed, checkpointed or marked clean.
     * For tests of recovery.
     */
    void halt() {
        synchronized (lifecycleLock) {
            closed = true;
            if (env == null) {
                return;
            }
            stopCleaner();
            scheduler.shutdownNow();
            flusher.close();
            for (PartitionLog partitionLog : logs.values()) {
                for (LogSegment segment : partitionLog.abandon()) {
                    try {
                        segment.closeHandles();
                    } catch (IOException e) {
                        log.warn("Could not close {} of {}", segment, partitionLog.topicPartition(), e);
                    }
                }
            }
        }
    }

    private void stopCleaner() {
        if (cleaner != null) {
            cleaner.shutdown();
        }
    }

    private void stopScheduler() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void writeCleanShutdownMarker() {
        try {
            Files.write(config.dataDir().resolve(LogFileNames.CLEAN_SHUTDOWN_MARKER), new byte[0]);
            CheckpointFile.forceDirectory(config.dataDir());
        } catch (IOException e) {
            faultHandler.handle("writing the clean shutdown marker", e);
        }
    }

    private LogEnvironment startedEnvironment() {
        synchronized (lifecycleLock) {
            if (env == null || closed) {
                throw new IllegalStateException("log manager is " + (closed ? "closed" : "not started"));
            }
            return env;
        }
    }

    private static void runQuietly(String task, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.error("Background {} task failed", task, e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
