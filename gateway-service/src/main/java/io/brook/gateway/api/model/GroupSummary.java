package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** One group of a listing. */
@Schema(description = "A group of the cluster")
public record GroupSummary(
        String groupId,

        @Schema(description = "Group state, e.g. Stable, Empty, PreparingRebalance", nullable = true)
        String state,

        @Schema(description = "Group type: Classic or Consumer (KIP-848)", nullable = true)
        String type,

        @Schema(description = "Protocol type, e.g. consumer; empty for a group that only holds offsets")
        String protocol) {}
