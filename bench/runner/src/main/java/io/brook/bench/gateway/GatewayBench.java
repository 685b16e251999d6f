package io.brook.bench.gateway;

import io.brook.bench.BenchException;
import io.brook.bench.broker.BrokerSettings;
import io.brook.bench.broker.BrookBroker;
import io.brook.bench.broker.TopicAdmin;
import io.brook.bench.load.ClientJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Command-line entry point of the gateway bench: one Brook broker and one gateway in their own JVMs, then, round by
 * round, the native Java client's produce rate, the gateway's batched HTTP produce rate against the same broker, and
 * SSE fan-out latency for each subscriber count; prints the medians, the HTTP/native ratio and the targets. Started by
 * {@code bench/gateway}; see bench/README.md.
 *
 * <p>Exit status: 0 when every phase ran, 1 when some failed (the table still prints), 2 for a bad command line.
 */
public final class GatewayBench {

    static final int PRODUCE_PARTITIONS = 3;
    static final String FANOUT_TOPIC = "fanout";
    private static final Duration BROKER_READY = Duration.ofSeconds(90);
    private static final Duration GATEWAY_READY = Duration.ofSeconds(120);

    private final GatewayOptions options;
    private final PrintStream out;

    GatewayBench(GatewayOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(GatewayOptions.USAGE);
            return;
        }
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench/gateway: " + e.getMessage());
            System.err.print(GatewayOptions.USAGE);
            System.exit(2);
            return;
        }
        int failures = new GatewayBench(options, System.out).run();
        System.exit(failures == 0 ? 0 : 1);
    }

    /** Runs every round and prints the table; returns the number of failed phases. */
    int run() {
        String settings = settings();
        out.print(settings);
        GatewayReport report = new GatewayReport(
                options.rows().contains("produce"),
                options.rows().contains("fanout") ? options.subscribers() : List.of(),
                options.rounds());
        Path logDir = options.workDir().resolve("logs");
        int failures = 0;
        BrookBroker broker = new BrookBroker(
                "brook",
                new BrokerSettings("", options.brookJar(), List.of(), options.brokerJvmOptions()),
                options.workDir().resolve("data"),
                logDir);
        try (broker) {
            broker.start();
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.awaitReady(BROKER_READY, broker::isAlive);
                admin.createTopic(FANOUT_TOPIC, 1);
                for (int round = 1; round <= warmupRounds(); round++) {
                    admin.createTopic(topic("native", -round), PRODUCE_PARTITIONS);
                    admin.createTopic(topic("http", -round), PRODUCE_PARTITIONS);
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    admin.createTopic(topic("native", round), PRODUCE_PARTITIONS);
                    admin.createTopic(topic("http", round), PRODUCE_PARTITIONS);
                }
            }
            try (GatewayProcess gateway = GatewayProcess.start(
                    options.gatewayJar(),
                    options.gatewayJvmOptions(),
                    broker.bootstrapServers(),
                    logDir.resolve("gateway.log"))) {
                gateway.awaitReady(GATEWAY_READY);
                GatewayLoads loads = new GatewayLoads(
                        new ClientJvm(System.getProperty("java.class.path"), options.clientJvmOptions()),
                        options,
                        broker.bootstrapServers(),
                        broker.pid());
                // Warm-up rounds: a fresh gateway compiles its HTTP, JSON and producer paths for tens of seconds
                // (C2 took a quarter of its CPU in the second of two 2M-record rounds); these let both clients
                // be measured at steady state. Their figures go to a report that is not printed.
                GatewayReport untimed = new GatewayReport(true, List.of(), warmupRounds());
                for (int round = 1; round <= warmupRounds(); round++) {
                    failures += produceRows(-round, "[w" + round + "] ", loads, gateway, untimed, logDir);
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    failures += runRound(round, loads, gateway, report, logDir);
                }
            }
        } catch (BenchException e) {
            out.println("the broker or the gateway failed: " + e.getMessage());
            failures++;
        }

        String result = report.render();
        out.println();
        out.print(result);
        if (failures > 0) {
            out.printf("%d phase(s) failed; their logs are under %s%n", failures, logDir);
        }
        save(settings + System.lineSeparator() + result);
        return failures;
    }

    private int runRound(int round, GatewayLoads loads, GatewayProcess gateway, GatewayReport report, Path logDir) {
        String tag = "[r" + round + "] ";
        int failures = 0;
        if (options.rows().contains("produce")) {
            failures += produceRows(round, tag, loads, gateway, report, logDir);
        }
        if (options.rows().contains("fanout")) {
            failures += fanoutRows(round, tag, loads, gateway, report, logDir);
        }
        return failures;
    }

    private int produceRows(
            int round, String tag, GatewayLoads loads, GatewayProcess gateway, GatewayReport report, Path logDir) {
        int failures = 0;
        failures += phase(
                tag + "produce, native Java client",
                () -> report.addNative(
                        loads.nativeProduce(topic("native", round), logDir.resolve(logName(round) + "-native.log"))));
        failures += phase(
                tag + "produce, HTTP batched",
                () -> report.addHttp(loads.httpProduce(
                        gateway, topic("http", round), logDir.resolve(logName(round) + "-http.log"))));
        return failures;
    }

    private int fanoutRows(
            int round, String tag, GatewayLoads loads, GatewayProcess gateway, GatewayReport report, Path logDir) {
        int failures = 0;
        OptionalLong fdLimit = FdLimit.soft();
        for (int n : options.subscribers()) {
            if (fdLimit.isPresent() && fdLimit.getAsLong() < n + FdLimit.RESERVE) {
                out.printf(
                        "%sfan-out %,d: skipped, the open-file limit (ulimit -n) is %d; %,d SSE connections need about"
                                + " %,d in both the gateway and the client%n",
                        tag, n, fdLimit.getAsLong(), n, n + FdLimit.RESERVE);
                failures++;
                continue;
            }
            failures += phase(
                    tag + "fan-out " + n,
                    () -> report.addFanout(
                            n,
                            loads.fanout(
                                    gateway, FANOUT_TOPIC, n, logDir.resolve("r" + round + "-fanout-" + n + ".log"))));
        }
        return failures;
    }

    /** Runs one phase and prints its summary line, or its failure; returns 1 if it failed. */
    private int phase(String name, Supplier<String> body) {
        try {
            String line = body.get();
            out.println(name.substring(0, name.indexOf(']') + 2) + line);
            return 0;
        } catch (RuntimeException e) { // a failed client, or a result line without a value
            out.println(name + ": failed: " + e.getMessage());
            return 1;
        }
    }

    private static String logName(int round) {
        return round > 0 ? "r" + round : "w" + -round;
    }

    /** Warm-up rounds run only when the produce rows are measured. */
    private int warmupRounds() {
        return options.rows().contains("produce") ? options.warmupRounds() : 0;
    }

    /** The topic of a row in a round; warm-up rounds are negative. */
    private static String topic(String kind, int round) {
        return round > 0 ? "bench-" + kind + "-r" + round : "bench-" + kind + "-w" + -round;
    }

    private String settings() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "Brook gateway benchmark: one broker, one gateway, %d round(s), on %d CPUs (clients included)%n",
                options.rounds(), Runtime.getRuntime().availableProcessors()));
        s.append(String.format(
                "  records: key k-NNNNNN, %d-byte JSON object value, to a topic of %d partitions, RF 1; %,d timed after"
                        + " %,d untimed per produce row; %d untimed produce round(s) first%n",
                BenchRecords.VALUE_SIZE,
                PRODUCE_PARTITIONS,
                options.records(),
                options.warmupRecords(),
                warmupRounds()));
        s.append("  native: one KafkaProducer as the gateway's own (acks=all, idempotent, linger.ms=5,"
                + " batch.size=262144, buffer 128 MiB)\n");
        s.append(String.format(
                "  HTTP: POST /v1/topics/{t}/records (acks=all), %d records per JSON request, %d requests in flight on"
                        + " %d keep-alive connections, plain Netty HTTP/1.1 client on 1 event loop, %d pre-built requests%n",
                options.batch(), options.inFlight(), options.inFlight(), HttpProduceClient.BODIES));
        s.append(String.format(
                "  fan-out: subscribers %s on GET /v1/topics/%s/events?from=end (1 partition), plain Netty chunked SSE"
                        + " client on 1 event loop; %d records/s by a KafkaProducer (acks=1, linger.ms=0) in the client JVM,"
                        + " %d s warm-up then %d s measured; latency = receive wall clock - record timestamp (ms)%n",
                options.subscribers(),
                FANOUT_TOPIC,
                options.rate(),
                options.warmupSeconds(),
                options.durationSeconds()));
        s.append(String.format(
                "  broker: %s, JVM %s%n", options.brookJar(), String.join(" ", options.brokerJvmOptions())));
        s.append(String.format(
                "  gateway: %s --brook.gateway.security.enabled=false, JVM %s%n",
                options.gatewayJar(), String.join(" ", options.gatewayJvmOptions())));
        s.append(String.format(
                "  client JVMs %s; open-file limit %s; logs in %s%n",
                String.join(" ", options.clientJvmOptions()),
                FdLimit.soft().isPresent() ? Long.toString(FdLimit.soft().getAsLong()) : "unlimited",
                options.workDir().resolve("logs")));
        return s.toString();
    }

    private void save(String report) {
        Path file = GatewayReport.resultsFile(options.workDir());
        try {
            Files.createDirectories(options.workDir());
            Files.writeString(file, report, StandardCharsets.UTF_8);
            out.println("Saved to " + file);
        } catch (IOException e) {
            out.println("Could not save the results to " + file + ": " + e.getMessage());
        }
    }
}
