package io.brook.broker;

import io.brook.broker.cluster.ClusterConfig;
import io.brook.broker.group.ConsumerGroupConfig;
import io.brook.broker.group.GroupConfig;
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
 * @param offsetsTopicPartitions partitions of {@code __consumer_offsets} when created ({@code
 *     offsets.topic.num.partitions})
 * @param groupInitialRebalanceDelayMs how long the first rebalance of an empty group waits for more members
 *     ({@code group.initial.rebalance.delay.ms})
 * @param offsetsRetentionMs how long offsets of empty groups are kept ({@code offsets.retention.minutes})
 * @param groupMinSessionTimeoutMs smallest session timeout a member may ask for
 * @param groupMaxSessionTimeoutMs largest session timeout a member may ask for
 * @param groupConsumerSessionTimeoutMs how long a consumer group protocol member may go without heartbeat before it
 *     is removed ({@code group.consumer.session.timeout.ms})
 * @param groupConsumerHeartbeatIntervalMs how often consumer group protocol members are told to heartbeat ({@code
 *     group.consumer.heartbeat.interval.ms}); less than {@code groupConsumerSessionTimeoutMs}
 * @param cluster controllers and replication settings; {@link ClusterConfig#standalone()} for a single node
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
        long fileDeleteDelayMs,
        int offsetsTopicPartitions,
        long groupInitialRebalanceDelayMs,
        long offsetsRetentionMs,
        int groupMinSessionTimeoutMs,
        int groupMaxSessionTimeoutMs,
        int groupConsumerSessionTimeoutMs,
        int groupConsumerHeartbeatIntervalMs,
        ClusterConfig cluster) {

    /** Kafka's defaults for the group settings. */
    public static final int DEFAULT_OFFSETS_TOPIC_PARTITIONS = 50;

    public static final long DEFAULT_OFFSETS_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
    public static final int DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS = 6000;
    public static final int DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS = 1_800_000;
    public static final int DEFAULT_GROUP_CONSUMER_SESSION_TIMEOUT_MS = 45_000;
    public static final int DEFAULT_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS = 5_000;

    public BrokerConfig {
        if (nodeId < 0 || requestThreads < 1 || defaultPartitions < 1) {
            throw new IllegalArgumentException("invalid broker config: nodeId=" + nodeId + " requestThreads="
                    + requestThreads + " defaultPartitions=" + defaultPartitions);
        }
        topicDefaults = Map.copyOf(topicDefaults);
        if (cluster == null) {
            throw new IllegalArgumentException("invalid broker config: no cluster config");
        }
        groupConfig(
                offsetsTopicPartitions,
                groupInitialRebalanceDelayMs,
                offsetsRetentionMs,
                groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs);
        consumerGroupConfig(groupConsumerSessionTimeoutMs, groupConsumerHeartbeatIntervalMs);
    }

    /** The group coordinator's configuration. */
    public GroupConfig groupConfig() {
        return groupConfig(
                offsetsTopicPartitions,
                groupInitialRebalanceDelayMs,
                offsetsRetentionMs,
                groupMinSessionTimeoutMs,
                groupMaxSessionTimeoutMs);
    }

    /** The consumer group protocol's (KIP-848) configuration: Kafka's defaults with these timeouts. */
    public ConsumerGroupConfig consumerGroupConfig() {
        return consumerGroupConfig(groupConsumerSessionTimeoutMs, groupConsumerHeartbeatIntervalMs);
    }

    private static ConsumerGroupConfig consumerGroupConfig(int sessionMs, int heartbeatMs) {
        return ConsumerGroupConfig.defaults().withSessionTimeoutMs(sessionMs, heartbeatMs);
    }

    private static GroupConfig groupConfig(
            int partitions, long initialDelayMs, long retentionMs, int minSessionMs, int maxSessionMs) {
        return GroupConfig.of(partitions, initialDelayMs, retentionMs).withSessionTimeouts(minSessionMs, maxSessionMs);
    }

    /** A copy with another {@code group.initial.rebalance.delay.ms}. */
    public BrokerConfig withGroupInitialRebalanceDelayMs(long delayMs) {
        return toBuilder().groupInitialRebalanceDelayMs(delayMs).build();
    }

    /** A copy with another {@code group.consumer.session.timeout.ms} and {@code group.consumer.heartbeat.interval.ms}. */
    public BrokerConfig withConsumerGroupTimeouts(int sessionTimeoutMs, int heartbeatIntervalMs) {
        return toBuilder()
                .groupConsumerSessionTimeoutMs(sessionTimeoutMs)
                .groupConsumerHeartbeatIntervalMs(heartbeatIntervalMs)
                .build();
    }

    /** A copy whose Kafka listener binds {@code port}. */
    public BrokerConfig withPort(int port) {
        NetworkConfig n = network;
        return toBuilder()
                .network(new NetworkConfig(
                        n.host(), port, n.maxRequestBytes(), n.eventLoopThreads(), n.maxInFlightPerConnection()))
                .build();
    }

    /** A copy with {@code auto.create.topics.enable} set to {@code enabled}. */
    public BrokerConfig withAutoCreateTopics(boolean enabled) {
        return toBuilder().autoCreateTopics(enabled).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a copy of a configuration; the copy is validated again when built. */
    public static final class Builder {
        private int nodeId;
        private NetworkConfig network;
        private String advertisedHost;
        private Path dataDir;
        private int requestThreads;
        private boolean autoCreateTopics;
        private int defaultPartitions;
        private Map<String, String> topicDefaults;
        private long retentionCheckIntervalMs;
        private long fileDeleteDelayMs;
        private int offsetsTopicPartitions;
        private long groupInitialRebalanceDelayMs;
        private long offsetsRetentionMs;
        private int groupMinSessionTimeoutMs;
        private int groupMaxSessionTimeoutMs;
        private int groupConsumerSessionTimeoutMs;
        private int groupConsumerHeartbeatIntervalMs;
        private ClusterConfig cluster;

        private Builder(BrokerConfig config) {
            this.nodeId = config.nodeId();
            this.network = config.network();
            this.advertisedHost = config.advertisedHost();
            this.dataDir = config.dataDir();
            this.requestThreads = config.requestThreads();
            this.autoCreateTopics = config.autoCreateTopics();
            this.defaultPartitions = config.defaultPartitions();
            this.topicDefaults = config.topicDefaults();
            this.retentionCheckIntervalMs = config.retentionCheckIntervalMs();
            this.fileDeleteDelayMs = config.fileDeleteDelayMs();
            this.offsetsTopicPartitions = config.offsetsTopicPartitions();
            this.groupInitialRebalanceDelayMs = config.groupInitialRebalanceDelayMs();
            this.offsetsRetentionMs = config.offsetsRetentionMs();
            this.groupMinSessionTimeoutMs = config.groupMinSessionTimeoutMs();
            this.groupMaxSessionTimeoutMs = config.groupMaxSessionTimeoutMs();
            this.groupConsumerSessionTimeoutMs = config.groupConsumerSessionTimeoutMs();
            this.groupConsumerHeartbeatIntervalMs = config.groupConsumerHeartbeatIntervalMs();
            this.cluster = config.cluster();
        }

        public Builder nodeId(int value) {
            this.nodeId = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        public Builder cluster(ClusterConfig value) {
            this.cluster = value;
            return this;
        }

        public Builder network(NetworkConfig value) {
            this.network = value;
            return this;
        }

        public Builder autoCreateTopics(boolean value) {
            this.autoCreateTopics = value;
            return this;
        }

        public Builder groupInitialRebalanceDelayMs(long value) {
            this.groupInitialRebalanceDelayMs = value;
            return this;
        }

        public Builder groupConsumerSessionTimeoutMs(int value) {
            this.groupConsumerSessionTimeoutMs = value;
            return this;
        }

        public Builder groupConsumerHeartbeatIntervalMs(int value) {
            this.groupConsumerHeartbeatIntervalMs = value;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(
                    nodeId,
                    network,
                    advertisedHost,
                    dataDir,
                    requestThreads,
                    autoCreateTopics,
                    defaultPartitions,
                    topicDefaults,
                    retentionCheckIntervalMs,
                    fileDeleteDelayMs,
                    offsetsTopicPartitions,
                    groupInitialRebalanceDelayMs,
                    offsetsRetentionMs,
                    groupMinSessionTimeoutMs,
                    groupMaxSessionTimeoutMs,
                    groupConsumerSessionTimeoutMs,
                    groupConsumerHeartbeatIntervalMs,
                    cluster);
        }
    }

    /**
     * Embedded defaults: one broker on 127.0.0.1 at {@code port} (0 for any free port) storing in {@code dataDir}.
     * Groups start rebalancing after 100 ms rather than Kafka's 3 s, so tests and local runs form groups quickly.
     */
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
                60 * 1000L,
                DEFAULT_OFFSETS_TOPIC_PARTITIONS,
                100,
                DEFAULT_OFFSETS_RETENTION_MS,
                DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS,
                DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS,
                DEFAULT_GROUP_CONSUMER_SESSION_TIMEOUT_MS,
                DEFAULT_GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS,
                ClusterConfig.standalone());
    }
}
