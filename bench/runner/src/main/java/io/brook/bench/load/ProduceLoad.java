package io.brook.bench.load;

import io.brook.bench.BenchException;
import io.brook.bench.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Produce load with Apache Kafka's own {@code ProducerPerformance} (kafka-producer-perf-test), in a child JVM on the
 * Kafka tools classpath: unthrottled, fixed-size records with its seeded (reproducible) random payload, null keys.
 *
 * <p>The tool's {@code --warmup-records} keeps the first records, sent while the fresh producer JVM is still being
 * compiled, out of the rate: the rate is the tool's steady-state figure; the record count is the whole run.
 */
public final class ProduceLoad {

    static final String TOOL = "org.apache.kafka.tools.ProducerPerformance";

    /**
     * A final summary line, e.g. {@code 1000 records sent, 2.5 records/sec (0.00 MB/sec), 1.2 ms avg latency, 10.0
     * ms max latency, 1 ms 50th, 2 ms 95th, 3 ms 99th, 4 ms 99.9th.}, or the same with {@code 900 steady state
     * records sent}; the periodic progress lines have no percentiles.
     */
    private static final Pattern SUMMARY =
            Pattern.compile("^(\\d+)( steady state)? records sent, ([0-9.]+) records/sec \\(.*\\b50th\\b.*");

    private final ClientJvm tools;

    public ProduceLoad(ClientJvm kafkaTools) {
        this.tools = kafkaTools;
    }

    public ProduceResult run(
            String bootstrapServers,
            String topic,
            ProduceProfile profile,
            long records,
            long warmupRecords,
            int recordSize,
            Duration timeout,
            Path logFile) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-server",
                bootstrapServers,
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1"));
        if (warmupRecords > 0) {
            args.addAll(List.of("--warmup-records", Long.toString(warmupRecords)));
        }
        args.add("--command-property");
        args.addAll(profile.producerProperties());
        ChildProcess tool = tools.start(profile.label(), TOOL, args, logFile);
        tool.awaitSuccess(timeout);
        return parse(tool.outputLines(), logFile);
    }

    static ProduceResult parse(List<String> output, Path logFile) {
        Long total = null;
        Double totalRate = null;
        Double steadyRate = null;
        for (String line : output) {
            Matcher m = SUMMARY.matcher(line.trim());
            if (m.matches() && m.group(2) == null) {
                total = Long.parseLong(m.group(1));
                totalRate = Double.parseDouble(m.group(3));
            } else if (m.matches()) {
                steadyRate = Double.parseDouble(m.group(3));
            }
        }
        if (total == null) {
            throw new BenchException(TOOL + " printed no summary line; see " + logFile);
        }
        return new ProduceResult(total, steadyRate != null ? steadyRate : totalRate);
    }
}
