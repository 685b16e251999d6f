package io.brook.bench.gateway;

import io.brook.bench.BenchOptions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway bench's command-line options, with defaults for a full run or, with {@code --quick}, a smoke run.
 * Relative paths are resolved against the working directory, which {@code bench/gateway} sets to the repository root.
 *
 * @param rounds how many times every row is measured (the table shows medians)
 * @param records timed records of each produce row
 * @param batch records per HTTP produce request
 * @param inFlight HTTP produce requests outstanding at once (and keep-alive connections)
 * @param subscribers SSE connection counts, one fan-out row group each
 * @param rate records per second produced during fan-out
 * @param durationSeconds measured seconds of each fan-out run
 * @param gatewayJvmExtra JVM options added to the gateway's (a collector choice replaces G1)
 * @param warmupSeconds untimed seconds of fan-out (at the same rate) before the measured ones
 * @param workDir logs, data (deleted at the end) and results.txt
 * @param brookJar broker-service's executable jar
 * @param gatewayJar gateway-service's executable jar
 * @param brokerHeap -Xms and -Xmx of the broker
 * @param gatewayHeap -Xms and -Xmx of the gateway
 * @param clientJvmExtra JVM options added to the load clients'
 * @param warmupRounds untimed produce rounds before the measured ones (their figures are printed, not counted)
 * @param rows which rows to measure: {@code produce}, {@code fanout}, or both
 */
record GatewayOptions(
        int rounds,
        long records,
        int batch,
        int inFlight,
        List<Integer> subscribers,
        int rate,
        int durationSeconds,
        int warmupSeconds,
        Path workDir,
        Path brookJar,
        Path gatewayJar,
        String brokerHeap,
        String gatewayHeap,
        List<String> gatewayJvmExtra,
        List<String> clientJvmExtra,
        int warmupRounds,
        Set<String> rows) {

    static final Set<String> ALL_ROWS = Set.of("produce", "fanout");

    static final String USAGE = """
            usage: bench/gateway [--quick] [options]

              --quick               smoke run: 200,000 produce records, 1,000 subscribers, 10 s of fan-out
                                    (explicit options below still win)
              --rounds N            times every row is measured; the table shows medians; default 3 (--quick: 1)
              --records N           timed records of each produce row (as many more warm up
                                    first, untimed); default 2000000
              --batch N             records per HTTP produce request; default 1000
              --in-flight N         HTTP produce requests outstanding at once; default 16
              --subscribers LIST    SSE connection counts, comma-separated; default 1000,10000
              --rate R              records/s produced during fan-out; default 5
              --duration S          measured seconds of each fan-out run; default 20
              --warmup S            untimed seconds of fan-out before the measured ones; default 10
              --work-dir DIR        default bench/target/runs/gateway-<timestamp>
              --brook-jar FILE      default broker-service/target/broker-service-*-exec.jar
              --gateway-jar FILE    default gateway-service/target/gateway-service-*-exec.jar
              --broker-heap SIZE    broker -Xms/-Xmx; default 1g
              --gateway-heap SIZE   gateway -Xms/-Xmx; default 4g
              --gateway-jvm OPTION  extra gateway JVM option, repeatable (a -XX:+Use...GC replaces G1)
              --warmup-rounds N     untimed produce rounds first (printed, not counted); default 1
              --client-jvm OPTION   extra load-client JVM option, repeatable
              --only ROWS           produce or fanout (comma-separated); default both
              --no-build            (bench/gateway only) skip the Maven build
            """;

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    GatewayOptions {
        subscribers = List.copyOf(subscribers);
        rows = Set.copyOf(rows);
        if (rows.isEmpty() || !ALL_ROWS.containsAll(rows)) {
            throw new IllegalArgumentException("--only takes produce and/or fanout, got " + rows);
        }
        requirePositive("--rounds", rounds);
        requirePositive("--records", records);
        requirePositive("--batch", batch);
        requirePositive("--in-flight", inFlight);
        requirePositive("--rate", rate);
        requirePositive("--duration", durationSeconds);
        if (warmupRounds < 0) {
            throw new IllegalArgumentException("--warmup-rounds must not be negative: " + warmupRounds);
        }
        if (subscribers.isEmpty() || subscribers.stream().anyMatch(n -> n <= 0)) {
            throw new IllegalArgumentException("--subscribers takes positive counts, got " + subscribers);
        }
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with a message for a bad one. */
    static GatewayOptions parse(String[] args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int rounds = quick ? 1 : 3;
        long records = quick ? 200_000 : 2_000_000;
        // 1,000 records (about 130 KB of JSON) per request, 16 requests in flight: about as many records in flight
        // as the native producer keeps in its accumulator under the same load.
        int batch = 1_000;
        int inFlight = 16;
        List<Integer> subscribers = quick ? List.of(1_000) : List.of(1_000, 10_000);
        // A feed or notification stream: 5 events/s per subscriber, 50,000 deliveries/s at 10,000.
        int rate = 5;
        int duration = quick ? 10 : 20;
        Path workDir = Path.of(
                "bench", "target", "runs", "gateway-" + LocalDateTime.now().format(RUN_ID));
        Path brookJar = null;
        Path gatewayJar = null;
        String brokerHeap = "1g";
        // ZGC (JDK 17's, not generational) runs a cycle per heap's worth of allocation: produce at 500,000+
        // records/s spent 15% of the gateway's CPU in ZGC with 1 GiB, and gained 10-30% with 4 GiB.
        String gatewayHeap = "4g";
        int warmup = 10;
        List<String> gatewayJvmExtra = new ArrayList<>();
        List<String> clientJvmExtra = new ArrayList<>();
        Set<String> rows = ALL_ROWS;
        int warmupRounds = 1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> {}
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, option));
                case "--records" -> records = Long.parseLong(value(args, ++i, option));
                case "--batch" -> batch = Integer.parseInt(value(args, ++i, option));
                case "--in-flight" -> inFlight = Integer.parseInt(value(args, ++i, option));
                case "--subscribers" ->
                    subscribers = Arrays.stream(value(args, ++i, option).split(","))
                            .map(String::trim)
                            .map(Integer::parseInt)
                            .toList();
                case "--rate" -> rate = Integer.parseInt(value(args, ++i, option));
                case "--duration" -> duration = Integer.parseInt(value(args, ++i, option));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, option));
                case "--work-dir" -> workDir = Path.of(value(args, ++i, option));
                case "--brook-jar" -> brookJar = Path.of(value(args, ++i, option));
                case "--gateway-jar" -> gatewayJar = Path.of(value(args, ++i, option));
                case "--broker-heap" -> brokerHeap = value(args, ++i, option);
                case "--gateway-heap" -> gatewayHeap = value(args, ++i, option);
                case "--gateway-jvm" -> gatewayJvmExtra.add(value(args, ++i, option));
                case "--warmup-rounds" -> warmupRounds = Integer.parseInt(value(args, ++i, option));
                case "--client-jvm" -> clientJvmExtra.add(value(args, ++i, option));
                case "--only" ->
                    rows = Arrays.stream(value(args, ++i, option).split(","))
                            .map(String::trim)
                            .collect(Collectors.toSet());
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new GatewayOptions(
                rounds,
                records,
                batch,
                inFlight,
                subscribers,
                rate,
                duration,
                warmup,
                workDir,
                brookJar != null ? brookJar : execJar("broker-service"),
                gatewayJar != null ? gatewayJar : execJar("gateway-service"),
                brokerHeap,
                gatewayHeap,
                List.copyOf(gatewayJvmExtra),
                List.copyOf(clientJvmExtra),
                warmupRounds,
                rows);
    }

    /**
     * Untimed produce records before each produce row's timed ones: as many, because the gateway's JIT is still
     * compiling its JSON and HTTP paths (C2 measured at most of a core) well into the first million records.
     */
    long warmupRecords() {
        return records;
    }

    /** The broker's JVM options: those of bench/run's brokers (Kafka's launch-script GC settings). */
    List<String> brokerJvmOptions() {
        return BenchOptions.brokerJvmOptions(brokerHeap);
    }

    /**
     * The gateway's JVM options: the broker's, but with ZGC (an SSE fan-out writes young buffers into
     * long-lived connection state all the time, which keeps G1's card refinement busy; measured with
     * 10,000 subscribers, p99 432 ms with G1 against 266 ms with ZGC) and as many Netty event loops
     * as cores (Reactor Netty's default is at least four). {@code --gateway-jvm} adds options; a
     * collector given there replaces ZGC.
     */
    List<String> gatewayJvmOptions() {
        List<String> options = new ArrayList<>(BenchOptions.brokerJvmOptions(gatewayHeap));
        options.removeIf(option -> option.equals("-XX:+UseG1GC"));
        if (gatewayJvmExtra.stream().noneMatch(option -> option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
            options.add("-XX:+UseZGC");
        }
        options.add("-Dreactor.netty.ioWorkerCount=" + Runtime.getRuntime().availableProcessors());
        options.addAll(gatewayJvmExtra);
        return options;
    }

    /** The load clients' JVM options, as bench/run's, plus {@code --client-jvm} ones. */
    List<String> clientJvmOptions() {
        List<String> options =
                new ArrayList<>(List.of("-Xmx512m", "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        options.addAll(clientJvmExtra);
        return options;
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

    /** The one {@code <module>-*-exec.jar} in {@code <module>/target}, or the name it will have once built. */
    private static Path execJar(String module) {
        Path target = Path.of(module, "target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                // fall through to the expected name; the launcher reports a missing jar when it is needed
            }
        }
        return target.resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
    }
}
