package io.brook.controller.config;

import io.brook.controller.control.BrokerLifecycleManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs {@link BrokerLifecycleManager#checkSessions()} on one daemon thread while the application runs. */
class SessionCheckTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionCheckTask.class);

    private final BrokerLifecycleManager lifecycle;
    private final Duration interval;
    private final int nodeId;
    private volatile ScheduledExecutorService scheduler;

    SessionCheckTask(BrokerLifecycleManager lifecycle, Duration interval, int nodeId) {
        this.lifecycle = lifecycle;
        this.interval = interval;
        this.nodeId = nodeId;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "brook-session-check-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
        long periodMs = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::check, periodMs, periodMs, TimeUnit.MILLISECONDS);
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

    private void check() {
        try {
            lifecycle.checkSessions();
        } catch (RuntimeException e) {
            // A failed round must not cancel the schedule.
            log.warn("Session check failed", e);
        }
    }
}
