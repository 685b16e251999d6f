package io.brook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Brook controller in its own operating-system process, for tests that kill it with SIGKILL. It runs the
 * controller service's main class on the current class path as voter {@code nodeId} of {@code voters}; its output
 * goes to {@code controller-<id>.log} beside the data folder. Restarts keep the ports and the data folder.
 */
public final class ControllerProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "io.brook.controller.ControllerApplication";

    private final int nodeId;
    private final Path dataDir;
    private final int raftPort;
    private final int httpPort;
    private String voters;
    private Process process;

    /** Picks free ports; call {@link #voters(String)} with every voter's {@link #voterSpec()} before starting. */
    public ControllerProcess(int nodeId, Path dataDir) {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.raftPort = BrokerProcess.freePort();
        this.httpPort = BrokerProcess.freePort();
    }

    /** This voter as the quorum configuration names it: {@code id@host:raftPort:httpPort}. */
    public String voterSpec() {
        return nodeId + "@127.0.0.1:" + raftPort + ":" + httpPort;
    }

    public ControllerProcess voters(String allVoters) {
        this.voters = allVoters;
        return this;
    }

    /** Starts the process; returns once its HTTP port accepts connections (the quorum may still be electing). */
    public synchronized ControllerProcess start(Duration timeout) {
        if (process != null && process.isAlive()) {
            return this;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("--brook.controller.node-id=" + nodeId);
        command.add("--brook.controller.voters=" + voters);
        command.add("--brook.controller.data-dir=" + dataDir.toAbsolutePath());
        command.add("--server.port=" + httpPort);
        try {
            Files.createDirectories(dataDir);
            Path logFile = dataDir.resolveSibling("controller-" + nodeId + ".log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start controller process", e);
        }
        awaitListening(timeout);
        return this;
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("controller process exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the controller", e);
                }
            }
        }
        throw new IllegalStateException("controller did not listen on port " + httpPort + " within " + timeout);
    }

    /** SIGKILL. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public int nodeId() {
        return nodeId;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
        kill();
    }
}
