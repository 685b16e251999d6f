package io.brook.bench.broker;

import io.brook.bench.BenchException;
import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One broker the benchmark drives load at: a single node in its own JVM, listening for the Kafka protocol on
 * 127.0.0.1, with a fresh data directory that is deleted when the broker is closed.
 *
 * <p>Subclasses say how the JVM is launched; everything after that (readiness, topics, load) goes through the Kafka
 * protocol and is the same for every broker. One instance is one start and one stop, used by one thread.
 */
public abstract class BrokerUnderTest implements AutoCloseable {

    private final String label;
    private final Path dataDir;
    private final Path logDir;
    private ChildProcess process;
    private int port;

    protected BrokerUnderTest(String label, Path dataDir, Path logDir) {
        this.label = label;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    /** Launches the broker JVM listening on {@code port}; does not wait for it to be ready. */
    protected abstract ChildProcess launch(int port, Path dataDir, Path logDir);

    /** Starts the broker on a free port. Readiness is checked over the Kafka protocol by the caller. */
    public void start() {
        if (process != null) {
            throw new IllegalStateException(label + " was already started");
        }
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BenchException("cannot create " + dataDir + " or " + logDir + ": " + e.getMessage(), e);
        }
        port = LoopbackPorts.freePort();
        process = launch(port, dataDir, logDir);
    }

    public String label() {
        return label;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return started().pid();
    }

    /** Whether {@link #start()} has launched the JVM (it may have exited since). */
    public boolean hasStarted() {
        return process != null;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path logFile() {
        return started().logFile();
    }

    /** Stops the broker and deletes its data directory; the logs stay. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        deleteRecursively(dataDir);
    }

    private ChildProcess started() {
        if (process == null) {
            throw new IllegalStateException(label + " has not been started");
        }
        return process;
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
