package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A member of a consumer group. */
@Schema(description = "A member of a group and the partitions assigned to it")
public record GroupMember(
        String memberId,

        @Schema(description = "Static member id (group.instance.id)", nullable = true)
        String groupInstanceId,

        String clientId,
        String host,

        @Schema(description = "Assigned partitions by topic")
        Map<String, List<Integer>> assignment) {}
