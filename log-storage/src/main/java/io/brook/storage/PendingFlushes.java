package io.brook.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Futures waiting for a log to be flushed up to an offset, completed in offset order as flushes finish.
 *
 * <p>Thread-safe: callers of {@link PartitionLog#flushUpTo} add, the flusher thread completes.
 */
final class PendingFlushes {

    private record Waiter(long offset, CompletableFuture<Void> future) {}

    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.offset, b.offset));

    synchronized void add(long offset, CompletableFuture<Void> future) {
        waiters.add(new Waiter(offset, future));
    }

    /** Completes every future waiting for an offset at or below {@code flushedOffset}. */
    void completeUpTo(long flushedOffset) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            while (!waiters.isEmpty() && waiters.peek().offset <= flushedOffset) {
                done.add(waiters.poll().future);
            }
        }
        done.forEach(future -> future.complete(null));
    }

    /** Fails every future waiting for an offset above {@code offset}. */
    void failAbove(long offset, Throwable cause) {
        List<Waiter> failed = new ArrayList<>();
        synchronized (this) {
            waiters.removeIf(waiter -> {
                if (waiter.offset > offset) {
                    failed.add(waiter);
                    return true;
                }
                return false;
            });
        }
        failed.forEach(waiter -> waiter.future.completeExceptionally(cause));
    }

    void failAll(Throwable cause) {
        List<Waiter> failed;
        synchronized (this) {
            failed = new ArrayList<>(waiters);
            waiters.clear();
        }
        failed.forEach(waiter -> waiter.future.completeExceptionally(cause));
    }
}
