package io.brook.bench;

import io.brook.bench.broker.BrokerKind;
import io.brook.bench.broker.BrokerSettings;
import io.brook.bench.broker.BrokerUnderTest;
import io.brook.bench.broker.Topology;
import io.brook.bench.load.ClientJvm;
import io.brook.bench.load.ConsumeLoad;
import io.brook.bench.load.GroupConsumeLoad;
import io.brook.bench.load.LatencyLoad;
import io.brook.bench.load.ProduceLoad;
import io.brook.bench.load.ProduceProfile;
import io.brook.bench.process.CpuMeter;
import io.brook.bench.report.ResultTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line entry point: runs the same load against a baseline broker (Apache Kafka) and a candidate (Brook),
 * one broker at a time, interleaved round by round (baseline, candidate, baseline, candidate, ...), then prints the
 * medians and candidate/baseline ratios. Started by {@code bench/run}; see bench/README.md.
 *
 * <p>Exit status: 0 when every phase ran, 1 when some failed (the table still prints), 2 for a bad command line or
 * a missing build output.
 */
public final class BenchRunner {

    private static final Pattern KAFKA_JAR = Pattern.compile("kafka_2\\.13-([^/:]+)\\.jar");
    private static final Pattern CLIENTS_JAR = Pattern.compile("kafka-clients-([^/:]+)\\.jar");

    private final BenchOptions options;
    private final PrintStream out;

    BenchRunner(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        String kafkaClasspath;
        try {
            options = BenchOptions.parse(args);
            kafkaClasspath = readClasspath(options.kafkaClasspathFile());
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        int failures = new BenchRunner(options, System.out).run(kafkaClasspath);
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Runs every round and prints the table; returns the number of failed phases. */
    int run(String kafkaClasspath) {
        List<String> labels = labels(options.brokers());
        ResultTable table =
                new ResultTable(caption(options), BrokerTurn.rows(options.topology()), labels, options.rounds());
        ClientJvm kafkaTools = new ClientJvm(kafkaClasspath, options.clientJvmOptions());
        ClientJvm runnerClients = new ClientJvm(System.getProperty("java.class.path"), options.clientJvmOptions());
        BrokerSettings brokerSettings = new BrokerSettings(
                options.topology(),
                kafkaClasspath,
                options.brookJar(),
                options.brookControllerJar(),
                options.brookArgs(),
                options.brokerJvmOptions(),
                options.controllerJvmOptions());
        BrokerTurn turn = new BrokerTurn(
                options,
                CpuMeter.forThisMachine(),
                new ProduceLoad(kafkaTools),
                new ConsumeLoad(runnerClients),
                new GroupConsumeLoad(runnerClients, BrokerTurn.GROUP_MEMBERS),
                new LatencyLoad(runnerClients),
                table,
                out);

        String settings = settings(kafkaClasspath, labels, brokerSettings);
        out.print(settings);
        int failures = 0;
        for (int round = 1; round <= options.rounds(); round++) {
            for (int side = 0; side < labels.size(); side++) {
                String tag = "r" + round + "-" + labels.get(side);
                Path dataDir = options.workDir().resolve("data").resolve(tag);
                Path logDir = options.workDir().resolve("logs").resolve(tag);
                BrokerUnderTest broker =
                        options.brokers().get(side).create(labels.get(side), brokerSettings, dataDir, logDir);
                failures += turn.run(broker, side, tag, logDir);
            }
        }

        String result = table.render();
        out.println();
        out.print(result);
        if (failures > 0) {
            out.printf(
                    "%d phase(s) failed; their logs are under %s%n",
                    failures, options.workDir().resolve("logs"));
        }
        saveReport(settings + System.lineSeparator() + result);
        return failures;
    }

    /** Column labels: the broker names, made distinct when the same broker runs on both sides. */
    static List<String> labels(List<BrokerKind> brokers) {
        List<String> labels = new ArrayList<>();
        for (BrokerKind kind : brokers) {
            String label = kind.cliName();
            labels.add(labels.contains(label) ? label + "-2" : label);
        }
        return labels;
    }

    /** The lines above the table: the topology, the acks and the flush policy the rows were measured with. */
    static List<String> caption(BenchOptions options) {
        Topology topology = options.topology();
        TurnPlan plan = TurnPlan.of(topology);
        List<String> lines = new ArrayList<>();
        lines.add("Topology " + topology.cliName() + ": " + topology.describe()
                + (topology.replicated()
                        ? " (Kafka: " + topology.brokers()
                                + " broker-only nodes + 1 dedicated KRaft controller; Brook: "
                                + topology.brokers() + " brokers + 1 controller); clients bootstrap from all "
                                + topology.brokers() + " brokers"
                        : ""));
        lines.add("Acks: produce rows as named" + (topology.replicated() ? " (acks=all only)" : "")
                + "; e2e latency acks=" + plan.latencyAcks() + " linger.ms=0");
        boolean brook = options.brokers().contains(BrokerKind.BROOK);
        lines.add(
                !brook || options.brookArgs().isEmpty()
                        ? "Flush policy: left to the page cache on both (Kafka: no log.flush.* setting"
                                + (brook ? "; Brook: its defaults, no flush.messages or flush.ms" : "") + ")"
                        : "Flush policy: Kafka left to the page cache (no log.flush.* setting); Brook with "
                                + String.join(" ", options.brookArgs()));
        return lines;
    }

    private String settings(String kafkaClasspath, List<String> labels, BrokerSettings brokerSettings) {
        Topology topology = options.topology();
        TurnPlan plan = TurnPlan.of(topology);
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "Brook benchmark: %s, %d round(s), turns interleaved %s%n",
                labels.size() == 2 ? labels.get(1) + " against " + labels.get(0) : labels.get(0) + " alone",
                options.rounds(),
                String.join(", ", labels) + (options.rounds() > 1 ? ", ..." : "")));
        s.append(String.format(
                "  Apache Kafka %s broker and ProducerPerformance from Maven Central; kafka-clients %s in every client%n",
                version(KAFKA_JAR, kafkaClasspath), version(CLIENTS_JAR, System.getProperty("java.class.path"))));
        if (topology.replicated()) {
            s.append(String.format(
                    "  each turn: a fresh cluster of %d brokers and 1 controller with empty data dirs, clients bootstrap"
                            + " from all %d brokers, %,d unmeasured warm-up records (acks=all), then %,d records of %d"
                            + " bytes per produce run, each to a fresh topic of %d partitions, replication factor %d,"
                            + " min.insync.replicas=%d (leaders and a full ISR awaited before the run)%n",
                    topology.brokers(),
                    topology.brokers(),
                    options.warmupRecords(),
                    options.records(),
                    BrokerTurn.RECORD_SIZE,
                    BrokerTurn.PARTITIONS,
                    topology.replicationFactor(),
                    topology.minInsyncReplicas()));
        } else {
            s.append(String.format(
                    "  each turn: a fresh broker with an empty data dir, %,d unmeasured warm-up records, then %,d records"
                            + " of %d bytes per produce run, each to a fresh topic of %d partitions, replication factor"
                            + " 1%n",
                    options.warmupRecords(), options.records(), BrokerTurn.RECORD_SIZE, BrokerTurn.PARTITIONS));
        }
        s.append(String.format(
                "  produce: ProducerPerformance, unthrottled, null keys, compression none, steady-state rate (first"
                        + " tenth of the records left out); default batching = client defaults (batch.size=16384,"
                        + " linger.ms=5); tuned = batch.size=%s linger.ms=%s%n",
                ProduceProfile.TUNED_BATCHING.get("batch.size"), ProduceProfile.TUNED_BATCHING.get("linger.ms")));
        s.append(String.format(
                "  consume: one assign-mode consumer (no group), default fetch settings; reads topic %s untimed, then"
                        + " %s from the start, timed%n",
                plan.consumeWarmupTopic().topic(), plan.consumeTopic().topic()));
        s.append(String.format(
                "  group consume: %d consumers (threads of one JVM) in a fresh group, classic protocol, subscribe,"
                        + " auto.offset.reset=earliest, client defaults otherwise; the same two topics, the same way;"
                        + " timed from the first poll until every partition is read to its end, group join included%n",
                BrokerTurn.GROUP_MEMBERS));
        s.append(String.format(
                "  latency: %,d records one at a time after %,d warm-up (cap %d s), acks=%s linger.ms=0, default"
                        + " consumer fetch settings; time from send() to the record leaving poll(), same JVM%n",
                options.latencyRecords(),
                options.latencyWarmupRecords(),
                options.latencyMaxDuration().toSeconds(),
                plan.latencyAcks()));
        s.append(
                topology.replicated()
                        ? "  CPU: utime+stime (/proc/<pid>/stat) of every JVM of the side (brokers and controller) over"
                                + " each run / GiB of record values moved (replication not counted in the GiB)\n"
                        : "  CPU: broker process utime+stime (/proc/<pid>/stat) over each run / GiB of record values"
                                + " moved\n");
        for (int side = 0; side < labels.size(); side++) {
            s.append(String.format(
                    "  %s: %s%n", labels.get(side), options.brokers().get(side).describe(brokerSettings)));
        }
        s.append(String.format(
                "  all on 127.0.0.1 on this machine (%d CPUs, load clients included); client JVMs %s; logs in %s%n",
                Runtime.getRuntime().availableProcessors(),
                String.join(" ", options.clientJvmOptions()),
                options.workDir().resolve("logs")));
        return s.toString();
    }

    /** A version read from a jar name on a classpath. */
    private static String version(Pattern jar, String classpath) {
        Matcher m = jar.matcher(classpath);
        return m.find() ? m.group(1) : "(unknown version)";
    }

    private static String readClasspath(Path file) {
        try {
            String classpath = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (classpath.isEmpty()) {
                throw new IllegalArgumentException(file + " is empty; rebuild with bench/run");
            }
            return classpath;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Kafka classpath file " + file.toAbsolutePath()
                    + "; build it with bench/run (or mvnw package -pl bench/kafka-baseline)");
        }
    }

    private void saveReport(String report) {
        Path file = options.workDir().resolve("results.txt");
        try {
            Files.createDirectories(options.workDir());
            Files.writeString(file, report, StandardCharsets.UTF_8);
            out.println("Saved to " + file);
        } catch (IOException e) {
            out.println("Could not save the results to " + file + ": " + e.getMessage());
        }
    }
}
