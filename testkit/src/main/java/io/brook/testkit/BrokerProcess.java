package io.brook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("--brook.broker.port=" + port);
        command.add("--brook.broker.data-dir=" + dataDir.toAbsolutePath());
        command.add("--server.port=" + httpPort);
        command.addAll(extraArgs);
        try {
            Files.createDirectories(dataDir);
            Path logFile = dataDir.resolveSibling(dataDir.getFileName() + "-broker.log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start broker process", e);
        }
        awaitListening(timeout);
        return this;
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker process exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
            }
        }
        throw new IllegalStateException("broker did not listen on port " + port + " within " + timeout);
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
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
