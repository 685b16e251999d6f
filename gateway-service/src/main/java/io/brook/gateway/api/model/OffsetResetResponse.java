package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The offsets a reset committed for a group. */
@Schema(description = "The group's committed offsets after a reset")
public record OffsetResetResponse(String groupId, List<PartitionOffset> offsets) {}
