package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Where to move a group's committed offsets of one topic. The group must have no active members. */
@Schema(description = "Moves a group's committed offsets of a topic")
public record OffsetResetRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String topic,

        @Schema(description = "Partitions to reset; every partition of the topic when absent")
        List<Integer> partitions,

        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                allowableValues = {"earliest", "latest", "timestamp", "offset"})
        String to,

        @Schema(
                description = "With to=timestamp: epoch milliseconds; each partition moves to its first record at or"
                        + " after it, or to its end when there is none")
        Long timestamp,

        @Schema(description = "With to=offset: the offset, clamped to each partition's earliest and latest offsets")
        Long offset) {}
