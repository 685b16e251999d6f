package io.brook.broker.handler;

import io.brook.broker.partition.Partition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A fetch waiting for data: it registers for the next append on each of its partitions and for a timeout, and on
 * either re-reads; it answers when the re-read satisfies the fetch or the time is up, else waits again.
 *
 * <p>Threading: wake-ups come from appending threads and the timer, and only schedule a re-read on the request
 * pool, so an append never pays for a fetch. Invariant: the future completes exactly once, after which every
 * registration is withdrawn.
 */
final class DelayedFetch {

    private final Supplier<FetchPass> reader;
    private final Predicate<FetchPass> satisfied;
    private final List<Partition> partitions;
    private final Executor pool;
    private final ScheduledExecutorService timer;
    private final long maxWaitMs;
    private final CompletableFuture<FetchPass> result = new CompletableFuture<>();
    private final AtomicBoolean rereadScheduled = new AtomicBoolean();
    private final Runnable wakeUp = this::scheduleReread;
    private volatile boolean expired;
    private volatile ScheduledFuture<?> timeout;

    DelayedFetch(
            Supplier<FetchPass> reader,
            Predicate<FetchPass> satisfied,
            List<Partition> partitions,
            Executor pool,
            ScheduledExecutorService timer,
            long maxWaitMs) {
        this.reader = reader;
        this.satisfied = satisfied;
        this.partitions = partitions;
        this.pool = pool;
        this.timer = timer;
        this.maxWaitMs = maxWaitMs;
    }

    CompletableFuture<FetchPass> start() {
        timeout = timer.schedule(this::expire, maxWaitMs, TimeUnit.MILLISECONDS);
        register();
        // An append between the caller's first read and this registration would otherwise go unnoticed.
        scheduleReread();
        return result;
    }

    private void register() {
        for (Partition partition : partitions) {
            partition.onNextAppend(wakeUp);
        }
    }

    private void withdraw() {
        for (Partition partition : partitions) {
            partition.cancelWaiter(wakeUp);
        }
    }

    private void expire() {
        expired = true;
        scheduleReread();
    }

    private void scheduleReread() {
        if (!result.isDone() && rereadScheduled.compareAndSet(false, true)) {
            pool.execute(this::reread);
        }
    }

    private void reread() {
        rereadScheduled.set(false);
        if (result.isDone()) {
            return;
        }
        try {
            // Re-register before reading: an append that lands after this point wakes a further re-read.
            withdraw();
            register();
            FetchPass outcome = reader.get();
            if (expired || satisfied.test(outcome)) {
                complete(outcome);
            }
        } catch (RuntimeException e) {
            withdraw();
            cancelTimeout();
            result.completeExceptionally(e);
        }
    }

    private void complete(FetchPass outcome) {
        if (result.complete(outcome)) {
            withdraw();
            cancelTimeout();
        }
    }

    private void cancelTimeout() {
        ScheduledFuture<?> scheduled = timeout;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
