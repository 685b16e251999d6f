package io.brook.bench.load;

import io.brook.bench.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Group consume load: runs {@link GroupConsumeClient} (several consumers in one group, one thread each) in a fresh
 * client JVM and reads back what it measured. Each run uses group ids never used before, so the group starts with
 * no committed offsets and reads from the beginning.
 */
public final class GroupConsumeLoad {

    private final ClientJvm clients;
    private final int members;

    public GroupConsumeLoad(ClientJvm runnerClients, int members) {
        this.clients = runnerClients;
        this.members = members;
    }

    public int members() {
        return members;
    }

    /**
     * Reads {@code warmupRecords} of {@code warmupTopic} untimed (none if 0), then all {@code records} of
     * {@code topic} timed, each pass by a group of {@link #members()} consumers within {@code timeout}.
     */
    public GroupConsumeResult run(
            String bootstrapServers,
            int partitions,
            String topic,
            long records,
            String warmupTopic,
            long warmupRecords,
            Duration timeout,
            Path logFile) {
        ChildProcess client = clients.start(
                "group consume " + topic,
                GroupConsumeClient.class.getName(),
                List.of(
                        bootstrapServers,
                        Integer.toString(partitions),
                        Long.toString(timeout.toMillis()),
                        topic,
                        Long.toString(records),
                        warmupTopic,
                        Long.toString(warmupRecords),
                        Integer.toString(members),
                        "bench-group-" + UUID.randomUUID()),
                logFile);
        // The client bounds each pass by the timeout itself; the extra minute covers JVM start and shutdown.
        client.awaitSuccess(timeout.multipliedBy(2).plusMinutes(1));
        Map<String, Long> values = ResultLine.parse(client.outputLines(), logFile);
        return new GroupConsumeResult(
                new ConsumeResult(
                        ResultLine.require(values, "records", logFile),
                        ResultLine.require(values, "valueBytes", logFile),
                        ResultLine.require(values, "elapsedNanos", logFile),
                        ResultLine.require(values, "warmupRecords", logFile)),
                ResultLine.require(values, "duplicates", logFile));
    }
}
