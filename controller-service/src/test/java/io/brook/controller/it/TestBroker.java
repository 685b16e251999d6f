package io.brook.controller.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A stand-in for a broker: registers with any controller and heartbeats the active one every
 * {@code intervalMs}, following 421 answers to the leader and moving on when a controller is gone, as a
 * real broker would.
 */
final class TestBroker implements AutoCloseable {

    private final int id;
    private final List<String> controllers;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger target = new AtomicInteger();
    private final AtomicBoolean heartbeating = new AtomicBoolean();
    private volatile String leaderUrl;
    private volatile long epoch = -1;
    private volatile boolean fenced = true;

    TestBroker(int id, List<String> controllers) {
        this.id = id;
        this.controllers = List.copyOf(controllers);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "test-broker-" + id);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers through {@code controllerUrl} and answers the epoch. */
    long register(String controllerUrl) {
        Http.Response response = Http.post(
                controllerUrl + "/internal/v1/brokers",
                Map.of(
                        "brokerId",
                        id,
                        "incarnationId",
                        UUID.randomUUID().toString(),
                        "host",
                        "127.0.0.1",
                        "port",
                        9092 + id));
        if (response.status() != 200) {
            throw new IllegalStateException("registration of broker " + id + " failed: " + response);
        }
        epoch = response.body().path("brokerEpoch").asLong();
        return epoch;
    }

    void startHeartbeats(long intervalMs) {
        heartbeating.set(true);
        scheduler.scheduleWithFixedDelay(this::heartbeat, 0, intervalMs, TimeUnit.MILLISECONDS);
    }

    void stopHeartbeats() {
        heartbeating.set(false);
    }

    long epoch() {
        return epoch;
    }

    boolean fenced() {
        return fenced;
    }

    private void heartbeat() {
        if (!heartbeating.get()) {
            return;
        }
        String url = leaderUrl != null ? leaderUrl : controllers.get(Math.floorMod(target.get(), controllers.size()));
        try {
            Http.Response response = Http.post(
                    url + "/internal/v1/brokers/" + id + "/heartbeat",
                    Map.of("brokerEpoch", epoch, "appliedIndex", epoch, "shuttingDown", false),
                    Duration.ofSeconds(1));
            if (response.status() == 200) {
                fenced = response.body().path("fenced").asBoolean();
                return;
            }
            JsonNode leader = response.body().path("leaderUrl");
            leaderUrl = response.status() == 421 && leader.isString() ? leader.asString() : null;
            if (leaderUrl == null) {
                target.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // That controller is gone or slow: try the next one.
            leaderUrl = null;
            target.incrementAndGet();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
