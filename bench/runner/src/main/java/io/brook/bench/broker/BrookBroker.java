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
 * Brook's broker, started from the broker-service executable jar:
 * {@code java -jar broker-service-*-exec.jar --brook.broker.port=P --brook.broker.data-dir=DIR --server.port=H
 * --brook.broker.group-initial-rebalance-delay=0ms}, plus any extra arguments given to the runner (for example the
 * flush policy), with the same JVM options as the Kafka baseline. The group setting matches the baseline's
 * {@code group.initial.rebalance.delay.ms=0}.
 */
public final class BrookBroker extends BrokerUnderTest {

    /** The same as the baseline's {@code group.initial.rebalance.delay.ms=0}; a later --brook-arg may override it. */
    static final String GROUP_INITIAL_REBALANCE_DELAY = "--brook.broker.group-initial-rebalance-delay=0ms";

    private final BrokerSettings settings;

    public BrookBroker(String label, BrokerSettings settings, Path dataDir, Path logDir) {
        super(label, dataDir, logDir);
        this.settings = settings;
    }

    /** The settings that matter for reading Brook's numbers, for the report. */
    static String describe(BrokerSettings settings) {
        String args = settings.brookArgs().isEmpty()
                ? "no extra arguments (Brook's default flush policy: left to the page cache, as Kafka's)"
                : "arguments " + String.join(" ", settings.brookArgs());
        return "Brook " + settings.brookJar() + ", " + GROUP_INITIAL_REBALANCE_DELAY + ", " + args + ", JVM "
                + String.join(" ", settings.jvmOptions());
    }

    @Override
    protected ChildProcess launch(int port, Path dataDir, Path logDir) {
        Path jar = settings.brookJar();
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("Brook's executable jar " + jar.toAbsolutePath()
                    + " does not exist; build broker-service (bench/run does) or pass --brook-jar");
        }
        List<String> args = new ArrayList<>(List.of(
                "--brook.broker.port=" + port,
                "--brook.broker.data-dir=" + dataDir.toAbsolutePath(),
                "--server.port=" + LoopbackPorts.freePort(),
                GROUP_INITIAL_REBALANCE_DELAY));
        args.addAll(settings.brookArgs());
        return ChildProcess.start(
                label(),
                JavaCommand.java().jvmOptions(settings.jvmOptions()).jar(jar).args(args),
                logDir.resolve(label() + "-broker.log"));
    }
}
