package io.brook.bench;

import io.brook.bench.broker.BrokerKind;
import io.brook.bench.broker.Topology;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runner's command-line options, with defaults for a full run or, with {@code --quick}, a smoke run. Relative
 * paths are resolved against the working directory, which {@code bench/run} sets to the repository root.
 *
 * @param brokers the baseline first (the ratio's denominator), then optionally the candidate
 * @param topology what each turn starts: one broker, or three brokers and a controller with replicated topics
 * @param rounds how many times each broker gets its turn, interleaved
 * @param records records per produce run
 * @param warmupRecords records produced and consumed, unmeasured, after each broker start
 * @param latencyRecords measured records of the latency run (a tenth as many more, at least 100, warm up)
 * @param latencyMaxDuration cap on one latency run
 * @param workDir where logs (kept) and broker data (deleted after each turn) go
 * @param kafkaClasspathFile the classpath file written by bench/kafka-baseline
 * @param brookJar broker-service's executable jar
 * @param brookControllerJar controller-service's executable jar (replicated topologies)
 * @param brookArgs extra arguments for Brook's brokers
 * @param brokerHeap -Xms and -Xmx of every broker
 * @param controllerHeap -Xms and -Xmx of the controller of a replicated topology, Kafka's and Brook's
 */
public record BenchOptions(
        List<BrokerKind> brokers,
        Topology topology,
        int rounds,
        long records,
        long warmupRecords,
        int latencyRecords,
        Duration latencyMaxDuration,
        Path workDir,
        Path kafkaClasspathFile,
        Path brookJar,
        Path brookControllerJar,
        List<String> brookArgs,
        String brokerHeap,
        String controllerHeap) {

    static final String USAGE = """
            usage: bench/run [--quick] [options]

              --quick                 smoke run of about two minutes (rf3: three): 1 round, 200,000 records per
                                      produce run (rf3: 100,000), 1,000 latency records (explicit options below
                                      still win)
              --brokers LIST          baseline[,candidate] out of kafka, brook; default kafka,brook.
                                      kafka,kafka runs Kafka against itself; a single name runs one side only
              --topology NAME         single (default): one broker per turn, topics of replication factor 1;
                                      rf3: three brokers and one controller per turn (Kafka: 3 broker-only
                                      nodes + 1 dedicated KRaft controller; Brook: 3 brokers + 1 controller),
                                      topics of replication factor 3 with min.insync.replicas=2, produce and
                                      latency with acks=all, the bootstrap listing all three brokers
              --rounds N              turns per broker, interleaved; default 3
              --records N             records per produce run; default 1000000 (rf3: 250000)
              --warmup-records N      unmeasured records after each broker start; default 300000 (rf3: 100000)
              --latency-records N     measured records of the latency run; default 5000 (rf3: 3000)
              --latency-max-seconds S cap on one latency run; default 60
              --work-dir DIR          logs and data; default bench/target/runs/<timestamp>
              --kafka-classpath FILE  default bench/kafka-baseline/target/classpath.txt
              --brook-jar FILE        default broker-service/target/broker-service-*-exec.jar
              --brook-controller-jar FILE
                                      default controller-service/target/controller-service-*-exec.jar (rf3)
              --brook-arg ARG         extra argument for every Brook broker, repeatable
                                      (e.g. --brook-arg --brook.broker.x=y)
              --broker-heap SIZE      heap of each broker JVM (-Xms and -Xmx); default 1g
              --controller-heap SIZE  heap of the controller JVM of rf3, Kafka's and Brook's; default 512m
              --no-build              (bench/run only) skip the Maven build
            """;

    public BenchOptions {
        brokers = List.copyOf(brokers);
        brookArgs = List.copyOf(brookArgs);
        if (brokers.isEmpty() || brokers.size() > 2) {
            throw new IllegalArgumentException("--brokers takes one or two of kafka, brook; got " + brokers);
        }
        requirePositive("--rounds", rounds);
        requirePositive("--records", records);
        requirePositive("--latency-records", latencyRecords);
        if (warmupRecords < 0) {
            throw new IllegalArgumentException("--warmup-records must not be negative: " + warmupRecords);
        }
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with a message for a bad one. */
    public static BenchOptions parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        List<BrokerKind> brokers = List.of(BrokerKind.KAFKA, BrokerKind.BROOK);
        Topology topology = topologyOf(args);
        // A replicated cluster on two cores produces acks=all at a fraction of one broker's rate: smaller runs keep
        // the full rf3 run near eleven minutes and the quick one near three.
        boolean replicated = topology.replicated();
        int rounds = quick ? 1 : 3;
        long records = replicated ? (quick ? 100_000 : 250_000) : (quick ? 200_000 : 1_000_000);
        long warmupRecords = replicated ? (quick ? 50_000 : 100_000) : (quick ? 100_000 : 300_000);
        int latencyRecords = replicated ? (quick ? 1_000 : 3_000) : (quick ? 1_000 : 5_000);
        Duration latencyMax = Duration.ofSeconds(quick ? 20 : 60);
        Path workDir = Path.of("bench", "target", "runs", LocalDateTime.now().format(RUN_ID));
        Path kafkaClasspath = Path.of("bench", "kafka-baseline", "target", "classpath.txt");
        Path brookJar = null;
        Path brookControllerJar = null;
        List<String> brookArgs = new ArrayList<>();
        String heap = "1g";
        String controllerHeap = "512m";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> {}
                case "--brokers" -> brokers = brokers(value(args, ++i, option));
                case "--topology" -> value(args, ++i, option); // read by topologyOf, for the defaults
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, option));
                case "--records" -> records = Long.parseLong(value(args, ++i, option));
                case "--warmup-records" -> warmupRecords = Long.parseLong(value(args, ++i, option));
                case "--latency-records" -> latencyRecords = Integer.parseInt(value(args, ++i, option));
                case "--latency-max-seconds" ->
                    latencyMax = Duration.ofSeconds(Long.parseLong(value(args, ++i, option)));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, option));
                case "--kafka-classpath" -> kafkaClasspath = Path.of(value(args, ++i, option));
                case "--brook-jar" -> brookJar = Path.of(value(args, ++i, option));
                case "--brook-controller-jar" -> brookControllerJar = Path.of(value(args, ++i, option));
                case "--brook-arg" -> brookArgs.add(value(args, ++i, option));
                case "--broker-heap" -> heap = value(args, ++i, option);
                case "--controller-heap" -> controllerHeap = value(args, ++i, option);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new BenchOptions(
                brokers,
                topology,
                rounds,
                records,
                warmupRecords,
                latencyRecords,
                latencyMax,
                workDir,
                kafkaClasspath,
                brookJar != null ? brookJar : defaultExecJar("broker-service"),
                brookControllerJar != null ? brookControllerJar : defaultExecJar("controller-service"),
                brookArgs,
                heap,
                controllerHeap);
    }

    /** Unmeasured records at the start of each latency run. */
    public int latencyWarmupRecords() {
        return Math.max(100, latencyRecords / 10);
    }

    /**
     * The JVM options of both brokers: the heap, and the GC settings of Kafka's launch script
     * ({@code kafka-run-class.sh}), so Kafka runs as it is usually run and Brook gets the same.
     */
    public List<String> brokerJvmOptions() {
        return brokerJvmOptions(brokerHeap);
    }

    /** The JVM options of the controller of a replicated topology: the brokers' with the controller heap. */
    public List<String> controllerJvmOptions() {
        return brokerJvmOptions(controllerHeap);
    }

    /** The broker JVM options with {@code heap} as -Xms and -Xmx; the gateway bench gives its gateway the same. */
    public static List<String> brokerJvmOptions(String heap) {
        return List.of(
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-Djava.awt.headless=true");
    }

    /**
     * The JVM options of every load client: the heap kafka-producer-perf-test.sh gives the producer, and warnings
     * only from the runner's own clients' logging (ProducerPerformance logs errors only by default).
     */
    public List<String> clientJvmOptions() {
        return List.of("-Xmx512m", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    /** The {@code --topology} of the command line (the last one wins), read first because defaults depend on it. */
    private static Topology topologyOf(String[] args) {
        Topology topology = Topology.SINGLE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--topology")) {
                topology = Topology.fromCliName(value(args, i + 1, "--topology"));
            }
        }
        return topology;
    }

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private static List<BrokerKind> brokers(String list) {
        return Arrays.stream(list.split(",")).map(BrokerKind::fromCliName).toList();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive: " + value);
        }
    }

    /** The one {@code *-exec.jar} in {@code module}/target, or the name it will have once built. */
    private static Path defaultExecJar(String module) {
        Path target = Path.of(module, "target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                // fall through to the expected name; BrookBroker reports a missing jar when it is needed
            }
        }
        return target.resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
    }
}
