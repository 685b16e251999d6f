package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** A topic to create; absent partition count and replication factor take the cluster's defaults. */
@Schema(description = "A topic to create")
public record CreateTopicRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "orders")
        String name,

        @Schema(description = "Number of partitions; the cluster's default when absent", example = "3")
        Integer partitions,

        @Schema(description = "Replicas per partition; the cluster's default when absent", example = "1")
        Short replicationFactor,

        @Schema(description = "Topic configs, e.g. {\"retention.ms\": \"86400000\"}")
        Map<String, String> configs) {}
