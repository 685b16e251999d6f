package io.brook.controller.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of a controller, under {@code brook.controller}.
 *
 * @param nodeId this controller's id; one of the voters
 * @param clusterId the cluster's id, fixed when the quorum is formed; also seeds the Raft group id
 * @param voters every voter as {@code id@host:raftPort:httpPort}, comma-separated; 1, 3 or 5 of them. The HTTP port
 *     is the voter's {@code server.port}, handed to brokers as the leader's address
 * @param dataDir where the Raft log and metadata snapshots live
 * @param sessionTimeout an unfenced broker silent for longer is fenced
 * @param sessionCheckInterval how often the active controller looks for expired sessions
 * @param leaderBalanceInterval how often the active controller gives partitions back to their preferred leaders
 *     (where those are in sync again); 0 switches automatic balancing off
 * @param snapshotThreshold applied log entries between two metadata snapshots (the log is purged up to them)
 * @param recentRecords applied records kept in memory for brokers following the log; a broker further behind gets
 *     a snapshot
 * @param defaultPartitions partitions of a topic created with -1
 * @param defaultReplicationFactor replication factor of a topic created with -1; not capped to the broker count
 * @param maxPollTimeout longest wait a metadata long-poll may ask for
 * @param raft Raft timing
 */
@ConfigurationProperties("brook.controller")
@Validated
public record ControllerProperties(
        @DefaultValue("1") @Min(0) int nodeId,
        @DefaultValue("brook-local") @NotBlank String clusterId,
        @DefaultValue("1@127.0.0.1:9190:9191") @NotBlank String voters,
        @DefaultValue("data/controller") @NotNull Path dataDir,
        @DefaultValue("2s") @NotNull Duration sessionTimeout,
        @DefaultValue("100ms") @NotNull Duration sessionCheckInterval,
        @DefaultValue("30s") @NotNull Duration leaderBalanceInterval,
        @DefaultValue("10000") @Min(1) long snapshotThreshold,
        @DefaultValue("10000") @Min(1) int recentRecords,
        @DefaultValue("1") @Min(1) int defaultPartitions,
        @DefaultValue("1") @Min(1) int defaultReplicationFactor,
        @DefaultValue("30s") @NotNull Duration maxPollTimeout,
        @DefaultValue @Valid Raft raft) {

    /**
     * @param electionTimeoutMin lower bound of the randomized election timeout
     * @param electionTimeoutMax upper bound of the randomized election timeout
     * @param requestTimeout how long a submitted record may take to commit and apply before the request answers 504
     */
    public record Raft(
            @DefaultValue("400ms") @NotNull Duration electionTimeoutMin,
            @DefaultValue("800ms") @NotNull Duration electionTimeoutMax,
            @DefaultValue("5s") @NotNull Duration requestTimeout) {}
}
