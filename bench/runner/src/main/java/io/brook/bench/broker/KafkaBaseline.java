package io.brook.bench.broker;

import io.brook.bench.BenchException;
import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.JavaCommand;
import io.brook.bench.process.LoopbackPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka from the Maven Central jars, as the baseline, started with {@code kafka.Kafka
 * server.properties} on the Kafka classpath alone, in the shape of the {@link Topology}:
 *
 * <ul>
 *   <li>single: one node in KRaft combined mode ({@code process.roles=broker,controller}), storage formatted as a
 *       standalone dynamic quorum;
 *   <li>replicated: one dedicated KRaft controller ({@code process.roles=controller}, node id 0, formatted
 *       {@code --standalone}) and three broker-only nodes ({@code process.roles=broker}, node ids 1 to 3, formatted
 *       {@code --no-initial-controllers}), all formatted with the same cluster id. This matches Brook's one controller
 *       process and three broker processes.
 * </ul>
 *
 * <p>Server settings are Kafka's defaults apart from {@code auto.create.topics.enable=false},
 * {@code group.initial.rebalance.delay.ms=0} (as in Kafka's shipped {@code config/server.properties}; the built-in
 * 3 s would be a fixed wait inside the group consume time) and, for one node, internal topics of replication factor
 * 1 (a cluster of three keeps the defaults: 3, min ISR 2); in particular no {@code log.flush.*} setting, so flushing
 * is left to the page cache. The properties and the log4j2 configuration are written next to the logs.
 */
public final class KafkaBaseline extends BrokerUnderTest {

    /** The dedicated controller's node id; the brokers are 1, 2, 3 (KRaft node ids share one space). */
    static final int CONTROLLER_NODE_ID = 0;

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerSettings settings;

    public KafkaBaseline(String label, BrokerSettings settings, Path dataDir, Path logDir) {
        super(label, settings.topology(), dataDir, logDir);
        this.settings = settings;
    }

    /** The settings that matter for reading Kafka's numbers, for the report. */
    static String describe(BrokerSettings settings) {
        String flush = "server defaults (no log.flush.* setting: flushing is left to the page cache) but"
                + " group.initial.rebalance.delay.ms=0";
        if (!settings.topology().replicated()) {
            return "Apache Kafka, KRaft combined mode, one node, " + flush + ", JVM "
                    + String.join(" ", settings.jvmOptions());
        }
        return "Apache Kafka, " + settings.topology().brokers()
                + " broker-only nodes (process.roles=broker) and 1 dedicated KRaft controller"
                + " (process.roles=controller), " + flush + "; broker JVMs " + String.join(" ", settings.jvmOptions())
                + "; controller JVM " + String.join(" ", settings.controllerJvmOptions());
    }

    @Override
    protected void launch(List<Integer> brokerPorts, Path dataDir, Path logDir, Nodes nodes) {
        Path log4jProperties = logDir.resolve(label() + "-log4j2.properties");
        write(log4jProperties, LOG4J2_PROPERTIES);
        int controllerPort = LoopbackPorts.freePort();
        String clusterId = Uuid.randomUuid().toString();
        if (!topology().replicated()) {
            Path serverProperties = logDir.resolve(label() + "-server.properties");
            write(serverProperties, combinedProperties(brokerPorts.get(0), controllerPort, dataDir));
            format(
                    clusterId,
                    List.of(new Format(serverProperties, "--standalone", logDir.resolve(label() + "-format.log"))));
            nodes.addBroker(startNode(
                    label(),
                    serverProperties,
                    settings.jvmOptions(),
                    log4jProperties,
                    logDir.resolve(label() + "-broker.log")));
            return;
        }
        Path controllerProperties = logDir.resolve(label() + "-controller.properties");
        write(controllerProperties, controllerProperties(controllerPort, dataDir.resolve("controller")));
        List<Format> formats = new ArrayList<>();
        formats.add(
                new Format(controllerProperties, "--standalone", logDir.resolve(label() + "-controller-format.log")));
        List<Path> brokerProperties = new ArrayList<>();
        for (int i = 0; i < brokerPorts.size(); i++) {
            int nodeId = i + 1;
            Path properties = logDir.resolve(label() + "-broker-" + nodeId + ".properties");
            write(
                    properties,
                    brokerProperties(nodeId, brokerPorts.get(i), controllerPort, dataDir.resolve("broker-" + nodeId)));
            brokerProperties.add(properties);
            formats.add(new Format(
                    properties,
                    "--no-initial-controllers",
                    logDir.resolve(label() + "-broker-" + nodeId + "-format.log")));
        }
        format(clusterId, formats);
        nodes.addController(startNode(
                label() + " controller",
                controllerProperties,
                settings.controllerJvmOptions(),
                log4jProperties,
                logDir.resolve(label() + "-controller.log")));
        for (int i = 0; i < brokerProperties.size(); i++) {
            int nodeId = i + 1;
            nodes.addBroker(startNode(
                    label() + " broker " + nodeId,
                    brokerProperties.get(i),
                    settings.jvmOptions(),
                    log4jProperties,
                    logDir.resolve(label() + "-broker-" + nodeId + ".log")));
        }
    }

    /** One storage directory to format: its node's properties, the quorum flag, the tool's log. */
    private record Format(Path properties, String quorumFlag, Path log) {}

    /** Formats every node's storage with one cluster id, the tools running side by side. */
    private void format(String clusterId, List<Format> formats) {
        List<ChildProcess> tools = new ArrayList<>();
        try {
            for (Format format : formats) {
                tools.add(ChildProcess.start(
                        label() + " storage format " + format.properties().getFileName(),
                        JavaCommand.java()
                                .main(settings.kafkaClasspath(), "kafka.tools.StorageTool")
                                .args(formatArgs(clusterId, format.properties(), format.quorumFlag())),
                        format.log()));
            }
            for (ChildProcess tool : tools) {
                tool.awaitSuccess(FORMAT_TIMEOUT);
            }
        } finally {
            ChildProcess.closeAll(tools);
        }
    }

    private ChildProcess startNode(String name, Path properties, List<String> jvmOptions, Path log4j, Path log) {
        return ChildProcess.start(
                name,
                JavaCommand.java()
                        .jvmOptions(jvmOptions)
                        .jvmOptions(List.of("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath()))
                        .main(settings.kafkaClasspath(), "kafka.Kafka")
                        .args(properties.toString()),
                log);
    }

    static List<String> formatArgs(String clusterId, Path properties, String quorumFlag) {
        return List.of("format", "--cluster-id", clusterId, "--config", properties.toString(), quorumFlag);
    }

    /** One node that is both broker and controller, with internal topics of one replica. */
    static String combinedProperties(int port, int controllerPort, Path dataDir) {
        return lines(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath(),
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0");
    }

    /** The dedicated KRaft controller of a cluster. */
    static String controllerProperties(int controllerPort, Path dataDir) {
        return lines(
                "process.roles=controller",
                "node.id=" + CONTROLLER_NODE_ID,
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CONTROLLER://127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath());
    }

    /**
     * A broker-only node of a cluster. Internal topics keep Kafka's defaults (replication factor 3, min ISR 2), as
     * Brook's offsets topic does.
     */
    static String brokerProperties(int nodeId, int port, int controllerPort, Path dataDir) {
        return lines(
                "process.roles=broker",
                "node.id=" + nodeId,
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath(),
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0");
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** Kafka's own default logging levels (config/log4j2.yaml), all to stdout, which goes to the broker's log. */
    private static final String LOG4J2_PROPERTIES = String.join(
            System.lineSeparator(),
            "appender.out.type = Console",
            "appender.out.name = STDOUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = STDOUT",
            "logger.request.name = kafka.request.logger",
            "logger.request.level = WARN",
            "");

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
