package io.brook.broker;

import io.brook.broker.network.NetworkConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A broker's validated configuration, independent of how it was given (Spring properties, the testkit).
 *
 * @param nodeId this broker's id
 * @param network the Kafka listener
 * @param advertisedHost the host clients are told to connect to
 * @param dataDir the data folder: partition logs and metadata
 * @param requestThreads threads serving requests (disk I/O happens there, never on event loops)
 * @param autoCreateTopics whether Metadata requests may create unknown topics
 * @param defaultPartitions partition count of auto-created topics and CreateTopics with -1
 * @param topicDefaults broker-wide defaults for topic configs, by Kafka name (e.g. {@code retention.ms})
 * @param retentionCheckIntervalMs how often retention runs
 * @param fileDeleteDelayMs how long deleted segments stay open for reads in flight
 */
public record BrokerConfig(
        int nodeId,
        NetworkConfig network,
        String advertisedHost,
        Path dataDir,
        int requestThreads,
        boolean autoCreateTopics,
        int defaultPartitions,
        Map<String, String> topicDefaults,
        long retentionCheckIntervalMs,
        long fileDeleteDelayMs) {

    public BrokerConfig {
        if (nodeId < 0 || requestThreads < 1 || defaultPartitions < 1) {
            throw new IllegalArgumentException("invalid broker config: nodeId=" + nodeId + " requestThreads="
                    + requestThreads + " defaultPartitions=" + defaultPartitions);
        }
        topicDefaults = Map.copyOf(topicDefaults);
    }

    /** Embedded defaults: one broker on 127.0.0.1 at {@code port} (0 for any free port) storing in {@code dataDir}. */
    public static BrokerConfig local(Path dataDir, int port) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new BrokerConfig(
                1,
                new NetworkConfig("127.0.0.1", port, 100 * 1024 * 1024, cores, 64),
                "127.0.0.1",
                dataDir,
                Math.max(2, cores),
                true,
                1,
                Map.of(),
                5 * 60 * 1000L,
                60 * 1000L);
    }
}
