package io.brook.storage;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Decides, for {@link MemoryRecords#filterTo}, which records of a segment being cleaned survive, with Kafka's rules:
 *
 * <ul>
 *   <li>a record at or past the end of the {@link OffsetMap} (dirty, but not yet mapped) is kept;
 *   <li>a record without key is dropped (a compacted topic accepts none; these predate the policy);
 *   <li>a record older than the latest offset of its key is dropped;
 *   <li>a tombstone (null value) that is the latest of its key is kept until its batch's delete horizon: the first
 *       pass that keeps it stamps the batch with {@code now + delete.retention.ms} (filterTo does that), and the
 *       first pass after that time drops it;
 *   <li>a batch left empty is dropped, unless it is the last batch of an idempotent producer the log still knows:
 *       it is kept as an empty batch so that the producer's epoch and last sequence survive a reload.
 * </ul>
 *
 * <p>Threading: used by the cleaner's thread for one pass over one log.
 */
final class CompactionFilter extends MemoryRecords.RecordFilter {

    private final OffsetMap map;
    private final long mapEndOffset;
    private final Map<Long, Long> producerLastOffsets;

    /**
     * @param mapEndOffset the offset after the last batch whose keys are in {@code map}
     * @param producerLastOffsets last offset of the last batch of each idempotent producer in the log
     */
    CompactionFilter(
            OffsetMap map, long mapEndOffset, Map<Long, Long> producerLastOffsets, long nowMs, long deleteRetentionMs) {
        super(nowMs, deleteRetentionMs);
        this.map = map;
        this.mapEndOffset = mapEndOffset;
        this.producerLastOffsets = producerLastOffsets;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        boolean producersLast = batch.hasProducerId()
                && producerLastOffsets.getOrDefault(batch.producerId(), -1L) == batch.lastOffset();
        return new BatchRetentionResult(
                producersLast ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (record.offset() >= mapEndOffset) {
            return true;
        }
        if (!record.hasKey()) {
            return false;
        }
        ByteBuffer key = record.key();
        if (record.offset() < map.latestOffset(key)) {
            return false;
        }
        if (record.hasValue()) {
            return true;
        }
        OptionalLong deleteHorizon = batch.deleteHorizonMs();
        return deleteHorizon.isEmpty() || currentTime < deleteHorizon.getAsLong();
    }
}
