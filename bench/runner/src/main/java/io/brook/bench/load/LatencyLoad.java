package io.brook.bench.load;

import io.brook.bench.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** End-to-end latency load: runs {@link LatencyClient} in a fresh client JVM and reads back its percentiles. */
public final class LatencyLoad {

    private final ClientJvm clients;

    public LatencyLoad(ClientJvm runnerClients) {
        this.clients = runnerClients;
    }

    public LatencyResult run(
            String bootstrapServers,
            String topic,
            int partitions,
            int warmup,
            int count,
            int recordSize,
            Duration maxDuration,
            String acks,
            Path logFile) {
        ChildProcess client = clients.start(
                "latency " + topic,
                LatencyClient.class.getName(),
                List.of(
                        bootstrapServers,
                        topic,
                        Integer.toString(partitions),
                        Integer.toString(warmup),
                        Integer.toString(count),
                        Integer.toString(recordSize),
                        Long.toString(maxDuration.toMillis()),
                        acks),
                logFile);
        // The client bounds itself by maxDuration plus one record's timeout; the extra minute covers JVM start.
        client.awaitSuccess(maxDuration.plusMinutes(2));
        Map<String, Long> values = ResultLine.parse(client.outputLines(), logFile);
        return new LatencyResult(
                ResultLine.require(values, "samples", logFile),
                ResultLine.require(values, "p50Nanos", logFile),
                ResultLine.require(values, "p99Nanos", logFile),
                ResultLine.require(values, "maxNanos", logFile));
    }
}
