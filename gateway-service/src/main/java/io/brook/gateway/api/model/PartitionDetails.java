package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One partition of a topic as the cluster describes it. */
@Schema(description = "A partition: its replicas and the range of offsets it holds")
public record PartitionDetails(
        int partition,

        @Schema(description = "Node id of the leader; null while the partition has none", nullable = true)
        Integer leader,

        @Schema(description = "Node ids of the replicas") List<Integer> replicas,

        @Schema(description = "Node ids of the in-sync replicas (ISR)")
        List<Integer> isr,

        @Schema(description = "First offset still in the log (log start offset)", nullable = true)
        Long earliestOffset,

        @Schema(description = "Offset the next record will get (log end offset)", nullable = true)
        Long latestOffset) {}
