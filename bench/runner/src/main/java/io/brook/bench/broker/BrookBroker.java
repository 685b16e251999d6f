package io.brook.bench.broker;

import io.brook.bench.BenchException;
import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.JavaCommand;
import io.brook.bench.process.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Brook, started from the executable jars, in the shape of the {@link Topology}, with the same JVM options as the
 * Kafka baseline.
 *
 * <p>Single: one broker alone, {@code java -jar broker-service-*-exec.jar --brook.broker.port=P
 * --brook.broker.data-dir=DIR --server.port=H --brook.broker.group-initial-rebalance-delay=0ms}, plus any extra
 * arguments given to the runner (for example the flush policy). Replicated: one controller, {@code java -jar
 * controller-service-*-exec.jar --brook.controller.node-id=1 --brook.controller.voters=1@127.0.0.1:R:H
 * --brook.controller.data-dir=DIR --server.port=H}, and three brokers started the same way as the single one plus
 * {@code --brook.broker.node-id=N --brook.broker.cluster.controllers=http://127.0.0.1:H}. The group setting matches
 * the baseline's {@code group.initial.rebalance.delay.ms=0}.
 */
public final class BrookBroker extends BrokerUnderTest {

    /** The same as the baseline's {@code group.initial.rebalance.delay.ms=0}; a later --brook-arg may override it. */
    static final String GROUP_INITIAL_REBALANCE_DELAY = "--brook.broker.group-initial-rebalance-delay=0ms";

    static final int CONTROLLER_NODE_ID = 1;

    private final BrokerSettings settings;

    public BrookBroker(String label, BrokerSettings settings, Path dataDir, Path logDir) {
        super(label, settings.topology(), dataDir, logDir);
        this.settings = settings;
    }

    /** The settings that matter for reading Brook's numbers, for the report. */
    static String describe(BrokerSettings settings) {
        String args = settings.brookArgs().isEmpty()
                ? "no extra arguments (Brook's default flush policy: left to the page cache, as Kafka's)"
                : "arguments " + String.join(" ", settings.brookArgs());
        if (!settings.topology().replicated()) {
            return "Brook " + settings.brookJar() + ", " + GROUP_INITIAL_REBALANCE_DELAY + ", " + args + ", JVM "
                    + String.join(" ", settings.jvmOptions());
        }
        return "Brook, " + settings.topology().brokers() + " brokers " + settings.brookJar()
                + " joined to 1 controller "
                + settings.brookControllerJar() + " (a quorum of one voter), " + GROUP_INITIAL_REBALANCE_DELAY
                + ", " + args + "; broker JVMs " + String.join(" ", settings.jvmOptions()) + "; controller JVM "
                + String.join(" ", settings.controllerJvmOptions());
    }

    @Override
    protected void launch(List<Integer> brokerPorts, Path dataDir, Path logDir, Nodes nodes) {
        requireFile(
                settings.brookJar(),
                "Brook's executable jar",
                "build broker-service (bench/run does) or pass --brook-jar");
        if (!topology().replicated()) {
            nodes.addBroker(ChildProcess.start(
                    label(),
                    JavaCommand.java()
                            .jvmOptions(settings.jvmOptions())
                            .jar(settings.brookJar())
                            .args(brokerArgs(
                                    brokerPorts.get(0),
                                    LoopbackPorts.freePort(),
                                    dataDir,
                                    List.of(),
                                    settings.brookArgs())),
                    logDir.resolve(label() + "-broker.log")));
            return;
        }
        requireFile(
                settings.brookControllerJar(),
                "Brook's controller jar",
                "build controller-service (bench/run does) or pass --brook-controller-jar");
        List<Integer> controllerPorts = LoopbackPorts.freePorts(2);
        int raftPort = controllerPorts.get(0);
        int httpPort = controllerPorts.get(1);
        nodes.addController(ChildProcess.start(
                label() + " controller",
                JavaCommand.java()
                        .jvmOptions(settings.controllerJvmOptions())
                        .jar(settings.brookControllerJar())
                        .args(controllerArgs(raftPort, httpPort, dataDir.resolve("controller"))),
                logDir.resolve(label() + "-controller.log")));
        List<Integer> httpPorts = LoopbackPorts.freePorts(brokerPorts.size());
        for (int i = 0; i < brokerPorts.size(); i++) {
            int nodeId = i + 1;
            nodes.addBroker(ChildProcess.start(
                    label() + " broker " + nodeId,
                    JavaCommand.java()
                            .jvmOptions(settings.jvmOptions())
                            .jar(settings.brookJar())
                            .args(brokerArgs(
                                    brokerPorts.get(i),
                                    httpPorts.get(i),
                                    dataDir.resolve("broker-" + nodeId),
                                    clusterArgs(nodeId, httpPort),
                                    settings.brookArgs())),
                    logDir.resolve(label() + "-broker-" + nodeId + ".log")));
        }
    }

    /** A broker's arguments: listener, data, HTTP port, the group setting, then cluster and extra arguments. */
    static List<String> brokerArgs(int port, int httpPort, Path dataDir, List<String> clusterArgs, List<String> extra) {
        List<String> args = new ArrayList<>(List.of(
                "--brook.broker.port=" + port,
                "--brook.broker.data-dir=" + dataDir.toAbsolutePath(),
                "--server.port=" + httpPort,
                GROUP_INITIAL_REBALANCE_DELAY));
        args.addAll(clusterArgs);
        args.addAll(extra);
        return args;
    }

    /** How broker {@code nodeId} joins the controller whose HTTP port is {@code controllerHttpPort}. */
    static List<String> clusterArgs(int nodeId, int controllerHttpPort) {
        return List.of(
                "--brook.broker.node-id=" + nodeId,
                "--brook.broker.cluster.controllers=http://127.0.0.1:" + controllerHttpPort);
    }

    /** The controller as the only voter of its quorum: {@code id@host:raftPort:httpPort}. */
    static List<String> controllerArgs(int raftPort, int httpPort, Path dataDir) {
        return List.of(
                "--brook.controller.node-id=" + CONTROLLER_NODE_ID,
                "--brook.controller.voters=" + CONTROLLER_NODE_ID + "@127.0.0.1:" + raftPort + ":" + httpPort,
                "--brook.controller.data-dir=" + dataDir.toAbsolutePath(),
                "--server.port=" + httpPort);
    }

    private static void requireFile(Path jar, String what, String hint) {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new BenchException(
                    what + " " + (jar == null ? "" : jar.toAbsolutePath() + " ") + "does not exist; " + hint);
        }
    }
}
