package io.brook.bench.load;

import io.brook.bench.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Consume load: runs {@link ConsumeClient} in a fresh client JVM and reads back what it measured. */
public final class ConsumeLoad {

    private final ClientJvm clients;

    public ConsumeLoad(ClientJvm runnerClients) {
        this.clients = runnerClients;
    }

    /**
     * Reads {@code warmupRecords} of {@code warmupTopic} untimed (none if 0), then all {@code records} of
     * {@code topic} timed, each pass within {@code timeout}.
     */
    public ConsumeResult run(
            String bootstrapServers,
            int partitions,
            String topic,
            long records,
            String warmupTopic,
            long warmupRecords,
            Duration timeout,
            Path logFile) {
        ChildProcess client = clients.start(
                "consume " + topic,
                ConsumeClient.class.getName(),
                List.of(
                        bootstrapServers,
                        Integer.toString(partitions),
                        Long.toString(timeout.toMillis()),
                        topic,
                        Long.toString(records),
                        warmupTopic,
                        Long.toString(warmupRecords)),
                logFile);
        // The client bounds each pass by the timeout itself; the extra minute covers JVM start and shutdown.
        client.awaitSuccess(timeout.multipliedBy(2).plusMinutes(1));
        Map<String, Long> values = ResultLine.parse(client.outputLines(), logFile);
        return new ConsumeResult(
                ResultLine.require(values, "records", logFile),
                ResultLine.require(values, "valueBytes", logFile),
                ResultLine.require(values, "elapsedNanos", logFile),
                ResultLine.require(values, "warmupRecords", logFile));
    }
}
