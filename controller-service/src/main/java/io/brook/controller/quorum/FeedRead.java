package io.brook.controller.quorum;

import io.brook.metadata.ClusterState;
import java.util.List;

/**
 * What a broker following the metadata log gets for "everything after N": either the records with index > N, in
 * order, or, when those are no longer all in memory, the whole current state.
 *
 * @param snapshot the current state when the records after N are not all held any more, else null
 * @param records records with index > N in index order (empty with a snapshot)
 * @param lastIndex index of the last record applied as of this read
 */
public record FeedRead(ClusterState snapshot, List<IndexedRecord> records, long lastIndex) {

    public FeedRead {
        records = List.copyOf(records);
    }

    /** True when there is nothing newer than N yet. */
    public boolean isEmpty() {
        return snapshot == null && records.isEmpty();
    }
}
