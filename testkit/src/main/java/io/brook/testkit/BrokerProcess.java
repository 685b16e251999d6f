package io.brook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Brook broker in its own operating-system process, for tests that kill it: {@link #kill()} sends SIGKILL, so
 * nothing in the broker gets to flush, checkpoint or mark a clean shutdown. The process runs the broker service's
 * main class on the current class path; its output goes to {@code broker.log} beside the data folder.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "io.brook.broker.BrokerApplication";

    private final Path dataDir;
    private final int port;
    private final int httpPort;
    private final List<String> extraArgs;
    private Process process;

    public BrokerProcess(Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.port = freePort();
        this.httpPort = freePort();
        this.extraArgs = List.of(extraArgs);
    }

    public synchronized BrokerProcess start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> args = new ArrayList<>();
        args.add("--brook.broker.port=" + port);
        args.add("--brook.broker.data-dir=" + dataDir.toAbsolutePath());
        args.add("--server.port=" + httpPort);
        args.addAll(extraArgs);
        process = ChildJvm.start(
                MAIN_CLASS,
                List.of("-Xmx512m"),
                args,
                dataDir,
                dataDir.resolveSibling(dataDir.getFileName() + "-broker.log"));
        ChildJvm.awaitListening(process, port, timeout, "broker");
        return this;
    }

    /** SIGKILL: the broker dies at once, mid-write if need be. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** SIGTERM: the broker shuts down cleanly. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        ChildJvm.waitForExit(process);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        kill();
    }

    /** A port free at the time of the call (the small race with other processes is acceptable in tests). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
