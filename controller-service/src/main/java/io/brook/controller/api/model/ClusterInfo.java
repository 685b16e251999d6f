package io.brook.controller.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * @param clusterId the cluster's id
 * @param controllerId the active controller (Raft leader), or null while there is none
 * @param lastAppliedIndex the last metadata index applied by the answering controller
 * @param brokers registered brokers
 * @param unfencedBrokers brokers that may lead partitions
 * @param topics topic count
 * @param partitions partition count over all topics
 */
public record ClusterInfo(
        String clusterId,
        @Schema(nullable = true) Integer controllerId,
        long lastAppliedIndex,
        int brokers,
        int unfencedBrokers,
        int topics,
        int partitions) {}
