package io.brook.controller.api.model;

import io.brook.controller.quorum.IndexedRecord;
import io.brook.metadata.ClusterState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Metadata changes after the index a broker asked for.
 *
 * @param snapshot the whole current state when the records after the asked index are no longer all held, else null
 * @param records records with a greater index, in order (empty with a snapshot or when nothing is newer)
 * @param lastIndex index of the last record this controller had applied when answering
 */
public record MetadataResponse(
        @Schema(nullable = true) ClusterState snapshot, List<IndexedRecord> records, long lastIndex) {}
