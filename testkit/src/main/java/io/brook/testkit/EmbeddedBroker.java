package io.brook.testkit;

import io.brook.broker.BrokerConfig;
import io.brook.broker.BrokerServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Brook broker running inside the test JVM on 127.0.0.1. The first start binds a free port; restarts reuse that
 * port and the same data folder, so clients keep their bootstrap address across a restart.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final Path dataDir;
    private final UnaryOperator<BrokerConfig> customizer;
    private BrokerServer server;
    private int port;

    public EmbeddedBroker(Path dataDir) {
        this(dataDir, UnaryOperator.identity());
    }

    /** @param customizer adjusts the embedded defaults, e.g. to set topic defaults or a smaller request limit */
    public EmbeddedBroker(Path dataDir, UnaryOperator<BrokerConfig> customizer) {
        this.dataDir = dataDir;
        this.customizer = customizer;
    }

    public synchronized EmbeddedBroker start() {
        if (server == null) {
            // The port is applied last so a restart keeps it whatever the customizer did.
            BrokerConfig config =
                    customizer.apply(BrokerConfig.local(dataDir, port)).withPort(port);
            server = new BrokerServer(config, new SimpleMeterRegistry(), Clock.systemUTC());
            InetSocketAddress address = server.start();
            port = address.getPort();
        }
        return this;
    }

    /** Stops cleanly and starts again on the same port and data. */
    public synchronized EmbeddedBroker restart() {
        stop();
        return start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running broker, for assertions on its state. */
    public BrokerServer server() {
        return server;
    }

    /** Client properties that reach this broker. */
    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }
}
