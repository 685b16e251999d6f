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
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker from the Maven Central jars, as the baseline: one node in KRaft combined mode
 * ({@code process.roles=broker,controller}), storage formatted as a standalone dynamic quorum, started with
 * {@code kafka.Kafka server.properties} on the Kafka classpath alone.
 *
 * <p>Server settings are Kafka's defaults apart from what a one-node cluster needs (replication factors of 1),
 * {@code auto.create.topics.enable=false} and {@code group.initial.rebalance.delay.ms=0} (as in Kafka's shipped
 * {@code config/server.properties}; the built-in 3 s would be a fixed wait inside the group consume time); in
 * particular no {@code log.flush.*} setting, so flushing is left to the page cache. {@code server.properties} and the
 * log4j2 configuration are written next to the broker's log.
 */
public final class KafkaBaseline extends BrokerUnderTest {

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final BrokerSettings settings;

    public KafkaBaseline(String label, BrokerSettings settings, Path dataDir, Path logDir) {
        super(label, dataDir, logDir);
        this.settings = settings;
    }

    /** The settings that matter for reading Kafka's numbers, for the report. */
    static String describe(BrokerSettings settings) {
        return "Apache Kafka, KRaft combined mode, one node, server defaults (no log.flush.* setting: flushing is left"
                + " to the page cache) but group.initial.rebalance.delay.ms=0, JVM "
                + String.join(" ", settings.jvmOptions());
    }

    @Override
    protected ChildProcess launch(int port, Path dataDir, Path logDir) {
        int controllerPort = LoopbackPorts.freePort();
        Path serverProperties = logDir.resolve(label() + "-server.properties");
        Path log4jProperties = logDir.resolve(label() + "-log4j2.properties");
        write(serverProperties, serverProperties(port, controllerPort, dataDir));
        write(log4jProperties, LOG4J2_PROPERTIES);

        ChildProcess.start(
                        label() + " storage format",
                        JavaCommand.java()
                                .main(settings.kafkaClasspath(), "kafka.tools.StorageTool")
                                .args(
                                        "format",
                                        "--cluster-id",
                                        Uuid.randomUuid().toString(),
                                        "--config",
                                        serverProperties.toString(),
                                        "--standalone"),
                        logDir.resolve(label() + "-format.log"))
                .awaitSuccess(FORMAT_TIMEOUT);

        return ChildProcess.start(
                label(),
                JavaCommand.java()
                        .jvmOptions(settings.jvmOptions())
                        .jvmOptions(List.of("-Dlog4j2.configurationFile=" + log4jProperties.toAbsolutePath()))
                        .main(settings.kafkaClasspath(), "kafka.Kafka")
                        .args(serverProperties.toString()),
                logDir.resolve(label() + "-broker.log"));
    }

    private static String serverProperties(int port, int controllerPort, Path dataDir) {
        return String.join(
                System.lineSeparator(),
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
                "group.initial.rebalance.delay.ms=0",
                "");
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
