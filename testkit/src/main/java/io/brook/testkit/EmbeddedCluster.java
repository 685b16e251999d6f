package io.brook.testkit;

import io.brook.broker.BrokerConfig;
import io.brook.broker.cluster.ClusterConfig;
import io.brook.controller.EmbeddedController;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A Brook cluster inside the test JVM: a controller quorum ({@link EmbeddedController}s, each on its own ports) and
 * brokers that register with it, follow its metadata and replicate their partitions. Brokers and controllers can be
 * stopped and started again on the same ports and data, to test failover without processes (for SIGKILL tests use
 * {@link ControllerProcess} and {@link BrokerProcess}).
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final Path root;
    private final int controllerCount;
    private final Map<String, String> controllerProperties;
    private final UnaryOperator<BrokerConfig> brokerCustomizer;
    private final List<EmbeddedController> controllers = new ArrayList<>();
    private final List<EmbeddedBroker> brokers = new ArrayList<>();
    private String voters;

    private EmbeddedCluster(
            Path root,
            int controllerCount,
            Map<String, String> controllerProperties,
            UnaryOperator<BrokerConfig> brokerCustomizer) {
        this.root = root;
        this.controllerCount = controllerCount;
        this.controllerProperties = controllerProperties;
        this.brokerCustomizer = brokerCustomizer;
    }

    /** Starts {@code controllers} controllers, then {@code brokers} brokers with ids 1..n, all on 127.0.0.1. */
    public static EmbeddedCluster start(Path root, int controllers, int brokers) {
        return start(root, controllers, brokers, Map.of(), UnaryOperator.identity());
    }

    /**
     * @param controllerProperties extra {@code brook.controller.*} settings, e.g. a shorter session timeout
     * @param brokerCustomizer adjusts each broker's config (its cluster settings already point at the quorum)
     */
    public static EmbeddedCluster start(
            Path root,
            int controllers,
            int brokers,
            Map<String, String> controllerProperties,
            UnaryOperator<BrokerConfig> brokerCustomizer) {
        var cluster = new EmbeddedCluster(root, controllers, controllerProperties, brokerCustomizer);
        try {
            cluster.controllers.addAll(
                    EmbeddedController.startQuorum(controllers, root.resolve("controllers"), controllerProperties));
            cluster.voters =
                    cluster.controllers.stream().map(c -> c.voter().spec()).collect(Collectors.joining(","));
            for (int id = 1; id <= brokers; id++) {
                cluster.brokers.add(cluster.newBroker(id).start());
            }
            cluster.awaitUnfencedBrokers(brokers, Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Waits until the quorum counts {@code count} unfenced brokers: a broker serves as soon as it has registered, but
     * it leads and is placed only once the controller has unfenced it.
     */
    public void awaitUnfencedBrokers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfencedBrokers() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + unfencedBrokers() + " of " + count + " brokers unfenced after " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for brokers", e);
            }
        }
    }

    private int unfencedBrokers() {
        return controllers.stream()
                .filter(c -> c != null && c.isRunning())
                .mapToInt(c -> c.quorum().state().unfencedBrokers().size())
                .max()
                .orElse(0);
    }

    private EmbeddedBroker newBroker(int id) {
        List<URI> urls = controllerUrls();
        return new EmbeddedBroker(
                root.resolve("broker-" + id),
                config -> brokerCustomizer.apply(config.toBuilder()
                        .nodeId(id)
                        .cluster(ClusterConfig.withControllers(urls))
                        .build()));
    }

    public List<URI> controllerUrls() {
        return controllers.stream().map(c -> URI.create(c.baseUrl())).toList();
    }

    public String bootstrapServers() {
        return brokers.stream()
                .filter(b -> b.server() != null)
                .map(EmbeddedBroker::bootstrapServers)
                .collect(Collectors.joining(","));
    }

    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** Broker {@code id} (1-based). */
    public EmbeddedBroker broker(int id) {
        return brokers.get(id - 1);
    }

    public List<EmbeddedBroker> brokers() {
        return List.copyOf(brokers);
    }

    /** Controller {@code id} (1-based); null while stopped. */
    public EmbeddedController controller(int id) {
        return controllers.get(id - 1);
    }

    /** Stops controller {@code id} (its Raft server and HTTP API). */
    public void stopController(int id) {
        EmbeddedController controller = controllers.get(id - 1);
        if (controller != null) {
            controller.close();
            controllers.set(id - 1, null);
        }
    }

    /** Starts controller {@code id} again on its ports and data. */
    public void startController(int id) {
        if (controllers.get(id - 1) == null) {
            controllers.set(
                    id - 1,
                    EmbeddedController.start(
                            id, voters, root.resolve("controllers").resolve("node-" + id), controllerProperties));
        }
    }

    /** The id of the controller leading the quorum, if any running one knows it. */
    public java.util.Optional<Integer> activeController() {
        return controllers.stream()
                .filter(c -> c != null && c.isRunning())
                .map(c -> c.quorum().leaderId())
                .flatMap(java.util.Optional::stream)
                .findFirst();
    }

    public int controllerCount() {
        return controllerCount;
    }

    @Override
    public void close() {
        for (EmbeddedBroker broker : brokers) {
            broker.close();
        }
        for (EmbeddedController controller : controllers) {
            if (controller != null) {
                controller.close();
            }
        }
    }
}
