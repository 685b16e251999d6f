package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** How far a group has read one partition. */
@Schema(description = "A group's committed offset of one partition and its lag")
public record GroupPartitionOffset(
        String topic,
        int partition,

        @Schema(description = "Next offset the group will read; null when it committed none", nullable = true)
        Long committedOffset,

        @Schema(description = "Metadata committed with the offset", nullable = true)
        String metadata,

        @Schema(description = "Log end offset of the partition; null when it could not be read", nullable = true)
        Long logEndOffset,

        @Schema(description = "Log end offset minus committed offset; null when either is unknown", nullable = true)
        Long lag) {}
