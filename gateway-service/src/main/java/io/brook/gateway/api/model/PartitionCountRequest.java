package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** The partition count a topic grows to. */
@Schema(description = "The new total number of partitions; partitions can be added, never removed")
public record PartitionCountRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "6")
        Integer count) {}
