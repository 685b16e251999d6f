package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of one partition's records. */
@Schema(description = "Records of one partition from an offset")
public record PartitionRecords(
        String topic,
        int partition,
        List<ConsumedRecord> records,
        @Schema(description = "Offset to ask for next") long nextOffset) {}
