package io.brook.bench.broker;

import io.brook.bench.BenchException;
import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One side the benchmark drives load at, in the shape of its {@link Topology}: a single broker, or three brokers and
 * a controller, each in its own JVM, listening for the Kafka protocol on 127.0.0.1, with fresh data directories that
 * are deleted when the side is closed.
 *
 * <p>Subclasses say how the JVMs are launched; everything after that (readiness, topics, load) goes through the Kafka
 * protocol and is the same for every broker. One instance is one start and one stop, used by one thread.
 */
public abstract class BrokerUnderTest implements AutoCloseable {

    private final String label;
    private final Topology topology;
    private final Path dataDir;
    private final Path logDir;
    private final Nodes nodes = new Nodes();
    private List<Integer> ports = List.of();
    private boolean started;

    protected BrokerUnderTest(String label, Topology topology, Path dataDir, Path logDir) {
        this.label = label;
        this.topology = topology;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    /**
     * Launches every JVM of this side: for a replicated topology the controller first, then one broker per entry of
     * {@code brokerPorts} (node ids 1, 2, ... in that order), handing each to {@code nodes} as soon as it runs so
     * {@link #close()} stops it even if a later launch fails. Does not wait for readiness.
     */
    protected abstract void launch(List<Integer> brokerPorts, Path dataDir, Path logDir, Nodes nodes);

    /** Starts the side on free ports. Readiness is checked over the Kafka protocol by the caller. */
    public void start() {
        if (started) {
            throw new IllegalStateException(label + " was already started");
        }
        started = true;
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BenchException("cannot create " + dataDir + " or " + logDir + ": " + e.getMessage(), e);
        }
        ports = LoopbackPorts.freePorts(topology.brokers());
        launch(ports, dataDir, logDir, nodes);
    }

    public String label() {
        return label;
    }

    public Topology topology() {
        return topology;
    }

    /** Every broker's listener, comma-separated, as a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The process id of a single-node side. */
    public long pid() {
        List<ChildProcess> all = nodes.all();
        if (all.size() != 1) {
            throw new IllegalStateException(label + " runs " + all.size() + " processes, not one");
        }
        return all.get(0).pid();
    }

    /** The process ids of every JVM of this side, controllers and brokers. */
    public List<Long> pids() {
        return nodes.all().stream().map(ChildProcess::pid).toList();
    }

    /** Whether {@link #start()} has launched a JVM (it may have exited since). */
    public boolean hasStarted() {
        return !nodes.all().isEmpty();
    }

    /** Whether every JVM of this side is running. */
    public boolean isAlive() {
        return hasStarted() && exited().isEmpty();
    }

    /** A JVM of this side that has exited, if any. */
    public Optional<ChildProcess> exited() {
        return nodes.all().stream().filter(p -> !p.isAlive()).findFirst();
    }

    /** Where to look when something failed: the log file of a single JVM, else the directory of all the logs. */
    public Path logs() {
        List<ChildProcess> all = nodes.all();
        return all.size() == 1 ? all.get(0).logFile() : logDir;
    }

    /** Stops the brokers (all at once), then the controller, and deletes the data directory; the logs stay. */
    @Override
    public void close() {
        ChildProcess.closeAll(nodes.brokers);
        ChildProcess.closeAll(nodes.controllers);
        deleteRecursively(dataDir);
    }

    /** The JVMs a side has launched so far, by role. */
    protected static final class Nodes {

        private final List<ChildProcess> controllers = new ArrayList<>();
        private final List<ChildProcess> brokers = new ArrayList<>();

        public void addController(ChildProcess controller) {
            controllers.add(controller);
        }

        public void addBroker(ChildProcess broker) {
            brokers.add(broker);
        }

        List<ChildProcess> all() {
            return Stream.concat(controllers.stream(), brokers.stream()).toList();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new BenchException("cannot delete the data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
