package io.brook.storage;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The group commit: one thread that forces logs to disk. A log asks for a flush with {@link #request}; all requests
 * that arrive while a cycle runs are served by the next cycle, which flushes each requesting log once, up to its
 * end at that moment. So under load the cost is one {@code fsync} per log per cycle, not one per batch.
 *
 * <p>Threading: {@link #request} is called from any thread; flushing runs on the single flusher thread.
 */
final class Flusher implements AutoCloseable {

    private final ExecutorService executor = Executors.newSingleThreadExecutor(StorageThreads.named("log-flusher"));
    private final Set<FlushTracker> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean cycleScheduled = new AtomicBoolean();
    private volatile boolean closed;

    void request(FlushTracker log) {
        dirty.add(log);
        if (!closed && cycleScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::runCycle);
            } catch (RejectedExecutionException e) {
                // Closing: the logs flush themselves on close and complete their waiters.
            }
        }
    }

    private void runCycle() {
        // Reset before draining, so a request arriving during this cycle schedules the next one.
        cycleScheduled.set(false);
        // Remove each log before flushing it: a request that lands after the removal is served by the next cycle,
        // one that landed before it is covered by this flush, which reads the log end after the removal.
        for (Iterator<FlushTracker> logs = dirty.iterator(); logs.hasNext(); ) {
            FlushTracker log = logs.next();
            logs.remove();
            log.flushPublished();
        }
    }

    /** Runs the cycles already requested, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
