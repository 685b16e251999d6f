package io.brook.broker.cluster;

import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataListener;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataApplier;
import io.brook.metadata.MetadataJson;
import io.brook.metadata.MetadataRecord;
import io.brook.metadata.TopicState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.StaleBrokerEpochException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The metadata of a clustered broker: it follows the controller quorum's metadata log and hands admin operations
 * to the quorum.
 *
 * <p>Data flow: a follower thread long-polls {@code /internal/v1/metadata?after=<last applied index>} and applies
 * each record with the same {@link MetadataApplier} the controllers run (or takes a whole snapshot when it is too far
 * behind), so its {@link ClusterState} is always a prefix of the quorum's. After each applied batch it publishes a new
 * {@link MetadataImage} and tells the listeners, in commit order, on that thread. Heartbeats go to the active
 * controller every {@code heartbeatIntervalMs} and report the applied index; the controller unfences the broker once
 * it has caught up with its own registration. Admin operations complete once the change has come back through the
 * log, so a client that creates a topic finds it in the next Metadata answer of this broker.
 *
 * <p>Invariants: the applied index only grows; listeners see each change once, in order; the broker epoch is the
 * one of this process's registration.
 */
public final class ControllerMetadataStore implements MetadataStore {

    private static final Logger log = LoggerFactory.getLogger(ControllerMetadataStore.class);
    private static final int LONG_POLL_MS = 2_000;

    private final int brokerId;
    private final ClusterConfig config;
    private final ControllerClient client;
    private final ScheduledExecutorService scheduler;
    private final String incarnationId = UUID.randomUUID().toString();
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private volatile ClusterState state;
    private volatile MetadataImage image;
    private volatile BrokerImage registered;
    private volatile long brokerEpoch = -1;
    private volatile boolean fenced = true;
    private volatile boolean closed;
    private Thread follower;

    private record Waiter(Predicate<MetadataImage> condition, CompletableFuture<Void> done) {}

    public ControllerMetadataStore(int brokerId, ClusterConfig config, ScheduledExecutorService scheduler) {
        this.brokerId = brokerId;
        this.config = config;
        this.client =
                new ControllerClient(config.controllers(), Duration.ofMillis(config.controllerRequestTimeoutMs()));
        this.scheduler = scheduler;
    }

    /** Reads the metadata up to the quorum's current end, then follows it on a thread of its own. */
    public void start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state == null) {
            try {
                poll(0);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("no controller answered with the metadata: " + e.getMessage(), e);
                }
                log.info("Waiting for the controllers at {}: {}", config.controllers(), e.getMessage());
                pause(200);
            }
        }
        follower = new Thread(this::follow, "brook-metadata-follower");
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        while (!closed) {
            try {
                poll(LONG_POLL_MS);
            } catch (RuntimeException e) {
                if (!closed) {
                    log.debug("Metadata poll failed, retrying: {}", e.toString());
                    pause(100);
                }
            }
        }
    }

    private void poll(int waitMs) {
        long after = state == null ? 0 : state.lastAppliedIndex();
        JsonNode answer = client.get(
                        "/internal/v1/metadata?after=" + after + "&timeoutMs=" + waitMs,
                        Duration.ofMillis(waitMs + config.controllerRequestTimeoutMs()))
                .join();
        ClusterState next = state;
        JsonNode snapshot = answer.path("snapshot");
        if (!snapshot.isMissingNode() && !snapshot.isNull()) {
            ClusterState taken = MetadataJson.mapper().treeToValue(snapshot, ClusterState.class);
            if (next == null || taken.lastAppliedIndex() > next.lastAppliedIndex()) {
                next = taken;
            }
        }
        if (next == null) {
            next = ClusterState.empty(answer.path("clusterId").asString("unknown"));
        }
        for (JsonNode entry : answer.path("records")) {
            long index = entry.path("index").asLong();
            if (index <= next.lastAppliedIndex()) {
                continue;
            }
            MetadataRecord record = MetadataJson.mapper().treeToValue(entry.path("record"), MetadataRecord.class);
            next = MetadataApplier.apply(next, index, record).state();
        }
        if (next != state) {
            publish(next);
        }
    }

    private synchronized void publish(ClusterState next) {
        MetadataImage previous = image;
        state = next;
        image = MetadataImages.of(next, brokerId);
        if (previous != null) {
            for (MetadataListener listener : listeners) {
                try {
                    listener.onMetadataChange(previous, image);
                } catch (RuntimeException e) {
                    log.error("Metadata listener {} failed on index {}", listener, next.lastAppliedIndex(), e);
                }
            }
        }
        for (Waiter waiter : waiters) {
            if (waiter.condition().test(image)) {
                waiters.remove(waiter);
                waiter.done().complete(null);
            }
        }
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    /** The metadata this broker has applied, with broker epochs and partition epochs. */
    public ClusterState state() {
        return state;
    }

    public long brokerEpoch() {
        return brokerEpoch;
    }

    public boolean isFenced() {
        return fenced;
    }

    public ControllerClient client() {
        return client;
    }

    @Override
    public CompletableFuture<Void> registerBroker(BrokerImage broker) {
        registered = broker;
        return register()
                .thenRun(() -> scheduler.scheduleWithFixedDelay(
                        this::heartbeat, 0, config.heartbeatIntervalMs(), TimeUnit.MILLISECONDS));
    }

    private CompletableFuture<Void> register() {
        BrokerImage b = registered;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brokerId", b.id());
        body.put("incarnationId", incarnationId);
        body.put("host", b.host());
        body.put("port", b.port());
        body.put("rack", config.rack());
        return client.post("/internal/v1/brokers", body).thenAccept(answer -> {
            brokerEpoch = answer.path("brokerEpoch").asLong();
            log.info("Broker {} registered with epoch {}", b.id(), brokerEpoch);
        });
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        ClusterState current = state;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brokerEpoch", brokerEpoch);
        body.put("appliedIndex", current == null ? 0 : current.lastAppliedIndex());
        body.put("shuttingDown", false);
        try {
            JsonNode answer = client.post("/internal/v1/brokers/" + brokerId + "/heartbeat", body)
                    .get(config.controllerRequestTimeoutMs(), TimeUnit.MILLISECONDS);
            fenced = answer.path("fenced").asBoolean(true);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof StaleBrokerEpochException) {
                log.warn("Broker {} registration epoch {} is stale; registering again", brokerId, brokerEpoch);
                register().exceptionally(error -> null).join();
            } else {
                log.debug("Heartbeat of broker {} failed: {}", brokerId, cause.toString());
            }
        }
    }

    /** Tells the active controller that this broker is going away, so its partitions get new leaders first. */
    public void shutdownGracefully(Duration timeout) {
        if (brokerEpoch < 0) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brokerEpoch", brokerEpoch);
        body.put("appliedIndex", state.lastAppliedIndex());
        body.put("shuttingDown", true);
        try {
            client.post("/internal/v1/brokers/" + brokerId + "/heartbeat", body)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Controlled shutdown of broker {} not confirmed: {}", brokerId, e.toString());
        }
    }

    @Override
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    @Override
    public CompletableFuture<TopicImage> createTopic(
            String name, int partitions, short replicationFactor, Map<String, String> configs, boolean validateOnly) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("partitions", partitions);
        body.put("replicationFactor", replicationFactor);
        body.put("configs", configs);
        body.put("validateOnly", validateOnly);
        return client.post("/v1/topics", body).thenCompose(answer -> {
            if (validateOnly) {
                return CompletableFuture.completedFuture(
                        MetadataImages.topic(MetadataJson.mapper().treeToValue(answer, TopicState.class)));
            }
            String id = answer.path("id").asString();
            return awaitImage(i ->
                            i.topic(name).map(t -> t.id().toString().equals(id)).orElse(false))
                    .thenApply(v -> image.topic(name).orElseThrow());
        });
    }

    @Override
    public CompletableFuture<Void> deleteTopic(String name) {
        return client.delete("/v1/topics/" + name)
                .thenCompose(answer -> awaitImage(i -> i.topic(name).isEmpty()));
    }

    @Override
    public CompletableFuture<Void> createPartitions(String topic, int totalCount, boolean validateOnly) {
        Map<String, Object> body = Map.of("count", totalCount, "validateOnly", validateOnly);
        return client.post("/v1/topics/" + topic + "/partitions", body)
                .thenCompose(answer -> validateOnly
                        ? CompletableFuture.completedFuture(null)
                        : awaitImage(i -> i.topic(topic)
                                .map(t -> t.partitionCount() >= totalCount)
                                .orElse(false)));
    }

    @Override
    public CompletableFuture<Void> replaceTopicConfigs(
            String topic, Map<String, String> configs, boolean validateOnly) {
        Map<String, Object> body = Map.of("configs", configs, "validateOnly", validateOnly);
        return client.put("/v1/topics/" + topic + "/configs", body)
                .thenCompose(answer -> validateOnly
                        ? CompletableFuture.completedFuture(null)
                        : awaitImage(i -> i.topic(topic)
                                .map(t -> t.configs().equals(configs))
                                .orElse(false)));
    }

    /** Completes once this broker's image satisfies {@code condition}, or fails after the request timeout. */
    private CompletableFuture<Void> awaitImage(Predicate<MetadataImage> condition) {
        var waiter = new Waiter(condition, new CompletableFuture<>());
        waiters.add(waiter);
        if (condition.test(image)) {
            waiters.remove(waiter);
            return CompletableFuture.completedFuture(null);
        }
        return waiter.done()
                .orTimeout(config.controllerRequestTimeoutMs(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> waiters.remove(waiter))
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        new TimeoutException("the change did not reach broker " + brokerId + " in time")));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (follower != null) {
            follower.interrupt();
        }
        listeners.clear();
        List<Waiter> pending = new ArrayList<>(waiters);
        waiters.clear();
        pending.forEach(w -> w.done().completeExceptionally(new TimeoutException("broker closing")));
    }
}
