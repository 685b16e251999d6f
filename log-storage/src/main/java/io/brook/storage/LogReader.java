package io.brook.storage;

import io.brook.storage.errors.OffsetOutOfRangeException;
import io.brook.storage.errors.StorageException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The lock-free reads of a partition log: fetches and the ListOffsets lookups. Each works on one {@link LogEnd}
 * the caller took from the log and on the concurrent segment map, and reads no byte of the segment holding that
 * end at or past its published position, so it never sees a partly written batch.
 *
 * <p>Threading: thread-safe; any number of readers, concurrently with the log's writer.
 */
final class LogReader {

    private final TopicPartition topicPartition;
    private final NavigableMap<Long, LogSegment> segments;

    LogReader(TopicPartition topicPartition, NavigableMap<Long, LogSegment> segments) {
        this.topicPartition = topicPartition;
        this.segments = segments;
    }

    /**
     * Whole batches from the one holding {@code fetchOffset} (below {@code end}), none whose last offset is at
     * least {@code maxOffset} ({@link Long#MAX_VALUE} for no bound); an empty slice when there are none.
     */
    LogSegment.SegmentRead read(long fetchOffset, int maxBytes, boolean minOneBatch, LogEnd end, long maxOffset) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
        if (entry == null) {
            throw new OffsetOutOfRangeException("fetch offset " + fetchOffset + " of " + topicPartition
                    + " was just deleted by retention or truncation");
        }
        try {
            while (entry != null && entry.getKey() <= end.segmentBaseOffset() && entry.getKey() < maxOffset) {
                LogSegment segment = entry.getValue();
                Optional<LogSegment.SegmentRead> read =
                        segment.read(fetchOffset, maxBytes, maxPosition(segment, end), minOneBatch, maxOffset);
                if (read.isPresent()) {
                    return read.get();
                }
                Map.Entry<Long, LogSegment> next = segments.higherEntry(entry.getKey());
                // Checked after the lookup: a segment the cleaner swapped out may have been followed by segments of
                // its group that the lookup no longer sees, so the search restarts in the cleaned segment.
                entry = segment.isReplaced() ? segments.floorEntry(fetchOffset) : next;
            }
        } catch (KafkaException e) {
            throw new StorageException("could not read " + topicPartition + " at offset " + fetchOffset, e);
        }
        return new LogSegment.SegmentRead(FileSlice.EMPTY, fetchOffset);
    }

    /** The first record at or after {@code startOffset} whose timestamp is at least {@code timestampMs}. */
    Optional<TimestampOffset> offsetForTimestamp(long timestampMs, long startOffset, LogEnd end) {
        for (LogSegment segment :
                segments.headMap(end.segmentBaseOffset(), true).values()) {
            Optional<TimestampOffset> found =
                    segment.findOffsetByTimestamp(timestampMs, startOffset, maxPosition(segment, end));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The first record carrying the largest timestamp below {@code end}. */
    Optional<TimestampOffset> maxTimestampOffset(LogEnd end) {
        LogSegment best = null;
        long bestTimestamp = RecordBatch.NO_TIMESTAMP;
        for (LogSegment segment :
                segments.headMap(end.segmentBaseOffset(), true).values()) {
            long timestamp =
                    segment.maxTimestampSoFar().map(TimestampOffset::timestamp).orElse(RecordBatch.NO_TIMESTAMP);
            if (timestamp > bestTimestamp) {
                best = segment;
                bestTimestamp = timestamp;
            }
        }
        return best == null ? Optional.empty() : best.maxTimestampRecord(maxPosition(best, end));
    }

    private static int maxPosition(LogSegment segment, LogEnd end) {
        return segment.baseOffset() == end.segmentBaseOffset() ? end.position() : segment.size();
    }
}
