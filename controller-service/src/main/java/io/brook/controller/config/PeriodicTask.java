package io.brook.controller.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one job at a fixed delay on a daemon thread of its own while the application runs (session checks, leader
 * balancing). A failing round is logged and does not cancel the schedule. A zero interval disables the job.
 */
class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration interval;
    private final Runnable job;
    private volatile ScheduledExecutorService scheduler;

    PeriodicTask(String name, Duration interval, Runnable job) {
        this.name = name;
        this.interval = interval;
        this.job = job;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || interval.isZero()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::runOnce, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private void runOnce() {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("{} failed", name, e);
        }
    }
}
