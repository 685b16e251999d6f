package io.brook.broker.group;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: the coordinator's only source of time-driven work, injected so tests advance time by
 * hand. Tasks run on the scheduler's thread and must only hand work over (to a shard's executor).
 */
@FunctionalInterface
public interface GroupScheduler {

    /** A scheduled task that can be cancelled; cancelling a task that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayMs, Runnable task);

    /** Schedules on a real timer thread. */
    static GroupScheduler of(ScheduledExecutorService timer) {
        return (delayMs, task) -> {
            ScheduledFuture<?> future = timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
