package io.brook.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        process = ChildJvm.start(
                MAIN_CLASS,
                List.of("-Xmx384m", "-XX:+UseSerialGC"),
                List.of(
                        "--brook.controller.node-id=" + nodeId,
                        "--brook.controller.voters=" + voters,
                        "--brook.controller.data-dir=" + dataDir.toAbsolutePath(),
                        "--server.port=" + httpPort),
                dataDir,
                dataDir.resolveSibling("controller-" + nodeId + ".log"));
        ChildJvm.awaitListening(process, httpPort, timeout, "controller");
        return this;
    }

    /** SIGKILL. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            ChildJvm.waitForExit(process);
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
