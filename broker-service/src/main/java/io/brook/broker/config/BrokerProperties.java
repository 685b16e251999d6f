package io.brook.broker.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The broker's settings, prefix {@code brook.broker}.
 *
 * @param nodeId this broker's id in the cluster
 * @param host address the Kafka listener binds
 * @param port Kafka listener port (0 picks a free one)
 * @param advertisedHost host given to clients in metadata; defaults to {@code host}
 * @param dataDir folder for partition logs and metadata
 * @param maxRequestSize largest request accepted ({@code socket.request.max.bytes})
 * @param networkThreads event loop threads; 0 means one per core
 * @param requestThreads request-serving threads (disk I/O runs there); 0 means one per core, at least 2
 * @param autoCreateTopics create unknown topics on Metadata requests that allow it
 * @param defaultPartitions partitions of auto-created topics
 * @param topicDefaults broker-wide defaults for topic configs by Kafka name, e.g. {@code retention.ms: 3600000}
 * @param retentionCheckInterval how often retention runs
 * @param fileDeleteDelay how long deleted segments stay readable for fetches in flight
 * @param offsetsTopicPartitions partitions of {@code __consumer_offsets} when the broker creates it
 * @param groupInitialRebalanceDelay how long the first rebalance of an empty group waits for more members
 * @param offsetsRetention how long committed offsets of empty groups and standalone consumers are kept
 * @param groupMinSessionTimeout smallest session timeout a group member may ask for
 * @param groupMaxSessionTimeout largest session timeout a group member may ask for
 * @param groupConsumerSessionTimeout how long a member of a consumer group protocol ({@code group.protocol=consumer})
 *     group may go without heartbeat before it is removed ({@code group.consumer.session.timeout.ms})
 * @param groupConsumerHeartbeatInterval how often members of consumer group protocol groups are told to heartbeat
 *     ({@code group.consumer.heartbeat.interval.ms}); shorter than {@code groupConsumerSessionTimeout}
 * @param cluster how this broker joins a cluster; without controllers it runs alone
 */
@Validated
@ConfigurationProperties("brook.broker")
public record BrokerProperties(
        @DefaultValue("1") @Min(0) int nodeId,
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("9092") @Min(0) @Max(65535) int port,
        String advertisedHost,
        @DefaultValue("data/broker") @NotNull Path dataDir,
        @DefaultValue("100MB") @NotNull DataSize maxRequestSize,
        @DefaultValue("0") @Min(0) int networkThreads,
        @DefaultValue("0") @Min(0) int requestThreads,
        @DefaultValue("true") boolean autoCreateTopics,
        @DefaultValue("1") @Min(1) int defaultPartitions,
        Map<String, String> topicDefaults,
        @DefaultValue("5m") @NotNull Duration retentionCheckInterval,
        @DefaultValue("60s") @NotNull Duration fileDeleteDelay,
        @DefaultValue("50") @Min(1) int offsetsTopicPartitions,
        @DefaultValue("3s") @NotNull Duration groupInitialRebalanceDelay,
        @DefaultValue("7d") @NotNull Duration offsetsRetention,
        @DefaultValue("6s") @NotNull Duration groupMinSessionTimeout,
        @DefaultValue("30m") @NotNull Duration groupMaxSessionTimeout,
        @DefaultValue("45s") @NotNull Duration groupConsumerSessionTimeout,
        @DefaultValue("5s") @NotNull Duration groupConsumerHeartbeatInterval,
        @DefaultValue @Valid Cluster cluster) {

    /**
     * Cluster membership, prefix {@code brook.broker.cluster}.
     *
     * @param controllers HTTP URLs of controllers, e.g. {@code http://127.0.0.1:9191}; none for a single node
     * @param rack this broker's rack for rack-aware placement
     * @param heartbeatInterval how often the broker heartbeats to the active controller
     * @param controllerRequestTimeout timeout of each call to a controller
     * @param replicaLagTimeMax a follower behind the leader for this long leaves the ISR
     *     ({@code replica.lag.time.max.ms})
     * @param replicaFetchWaitMax how long a follower's fetch waits at the leader for data
     * @param replicaFetchMaxBytes bytes per partition in one follower fetch
     * @param offsetsTopicReplicationFactor replicas of {@code __consumer_offsets}, capped by the live brokers
     */
    public record Cluster(
            List<URI> controllers,
            String rack,
            @DefaultValue("250ms") @NotNull Duration heartbeatInterval,
            @DefaultValue("5s") @NotNull Duration controllerRequestTimeout,
            @DefaultValue("10s") @NotNull Duration replicaLagTimeMax,
            @DefaultValue("500ms") @NotNull Duration replicaFetchWaitMax,
            @DefaultValue("1MB") @NotNull DataSize replicaFetchMaxBytes,
            @DefaultValue("3") @Min(1) short offsetsTopicReplicationFactor) {}
}
