package io.brook.storage;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes files some time after they were renamed aside, so that {@link FileSlice}s already handed to the network
 * can still be read ({@link LogManagerConfig#fileDeleteDelayMs()}). Deletions still pending at close run at once;
 * files left over by a crash are removed when the logs are loaded again.
 *
 * <p>Thread-safe.
 */
final class DelayedFileDeleter {

    private static final Logger log = LoggerFactory.getLogger(DelayedFileDeleter.class);

    /** Closes and removes some files. */
    @FunctionalInterface
    interface Deletion {
        void run() throws IOException;
    }

    private final ScheduledExecutorService scheduler;
    private final long delayMs;
    private final Set<Runnable> pending = ConcurrentHashMap.newKeySet();

    DelayedFileDeleter(ScheduledExecutorService scheduler, long delayMs) {
        this.scheduler = scheduler;
        this.delayMs = delayMs;
    }

    void deleteLater(String description, Deletion deletion) {
        Runnable task = new Runnable() {
            @Override
            public void run() {
                if (pending.remove(this)) {
                    runQuietly(description, deletion);
                }
            }
        };
        pending.add(task);
        try {
            scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Runs every pending deletion now (on close). */
    void runPendingNow() {
        for (Runnable task : pending) {
            task.run();
        }
    }

    private static void runQuietly(String description, Deletion deletion) {
        try {
            deletion.run();
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete {}: {}", description, e.toString());
        }
    }
}
