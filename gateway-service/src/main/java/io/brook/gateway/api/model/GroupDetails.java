package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A consumer group: its members and how far it has read. */
@Schema(description = "A consumer group with its members and committed offsets")
public record GroupDetails(
        String groupId,

        @Schema(description = "Group state, e.g. Stable, Empty, PreparingRebalance")
        String state,

        @Schema(description = "Group type: Classic or Consumer (KIP-848)", nullable = true)
        String type,

        @Schema(description = "Partition assignor of the group, e.g. range or uniform", nullable = true)
        String assignor,

        @Schema(description = "Node id of the group's coordinator", nullable = true)
        Integer coordinator,

        List<GroupMember> members,

        @Schema(description = "One entry per partition with a committed offset or an assigned member")
        List<GroupPartitionOffset> offsets) {}
