package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * One cleaning pass over one compacted log:
 *
 * <ol>
 *   <li>map each key of the dirty section to its latest offset ({@link OffsetMap}), stopping at a batch boundary if
 *       the map fills up;
 *   <li>group the segments from the log start up to the end of the map so that each group's bytes fit in
 *       {@code segment.bytes} and its offsets in one segment's 32-bit relative offsets;
 *   <li>rewrite each group, batch by batch, through {@link MemoryRecords#filterTo} with a {@link CompactionFilter},
 *       into one {@code .cleaned} segment, fsync it, and swap it in ({@link PartitionLog#replaceSegments});
 *   <li>checkpoint the new first dirty offset and the earliest delete horizon still pending.
 * </ol>
 *
 * Offsets never change: filterTo keeps each batch's base and last offset, producer id, epoch, base sequence and
 * timestamp type. Appends and reads go on meanwhile: only the swap takes the log's lock.
 *
 * <p>Threading: confined to the cleaner's thread; one instance per pass.
 */
final class LogCompactor {

    /** The pass was stopped: the cleaner is shutting down, the log was closed or lost a segment being read. */
    static final class CleaningAbortedException extends RuntimeException {
        CleaningAbortedException(String message) {
            super(message, null, false, false);
        }
    }

    private final OffsetMap map;
    private final SegmentSwap.Observer observer;
    private final BooleanSupplier stopping;
    private final BufferSupplier decompression = BufferSupplier.create();
    private long bytesRead;
    private long bytesWritten;
    private long recordsRead;
    private long recordsRetained;
    private long earliestDeleteHorizonMs = CleanerCheckpoint.NO_DELETE_HORIZON;

    LogCompactor(OffsetMap map, SegmentSwap.Observer observer, BooleanSupplier stopping) {
        this.map = map;
        this.observer = observer;
        this.stopping = stopping;
    }

    /** Cleans {@code target}; empty when the log changed under the pass, which then leaves the log as it was. */
    Optional<CleanerStats> clean(CleanableLog target, long nowMs) throws IOException {
        PartitionLog log = target.log();
        map.clear();
        long mapEnd =
                buildOffsetMap(log.segmentsSnapshot(), target.firstDirtyOffset(), target.firstUncleanableOffset());
        List<LogSegment> segments = log.segmentsSnapshot();
        int count = 0;
        while (count < segments.size() - 1 && segments.get(count).baseOffset() < mapEnd) {
            count++;
        }
        CompactionFilter filter = new CompactionFilter(
                map, mapEnd, log.producerLastOffsets(), nowMs, target.config().deleteRetentionMs());
        List<List<LogSegment>> groups = group(segments, count, target.config());
        try {
            for (List<LogSegment> group : groups) {
                LogSegment cleaned = rewrite(log, group, filter, target.config(), nowMs);
                observer.reached(SegmentSwap.Step.CLEANED_WRITTEN, cleaned.baseOffset());
                if (!log.replaceSegments(group, cleaned, target.truncationCount(), observer)) {
                    SegmentSwap.discard(cleaned);
                    return Optional.empty();
                }
            }
        } finally {
            decompression.close();
        }
        log.cleanerCheckpoint().write(new CleanerCheckpoint.Point(mapEnd, earliestDeleteHorizonMs));
        return Optional.of(new CleanerStats(
                log.topicPartition(),
                target.firstDirtyOffset(),
                mapEnd,
                target.dirtyRatio(),
                count,
                groups.size(),
                bytesRead,
                bytesWritten,
                recordsRead,
                recordsRetained,
                map.size()));
    }

    /**
     * Maps the keys of the batches in {@code [firstDirty, firstUncleanable)}. Returns the offset after the last
     * batch mapped: {@code firstUncleanable} when all fit.
     */
    private long buildOffsetMap(List<LogSegment> segments, long firstDirty, long firstUncleanable) {
        long mapEnd = firstDirty;
        List<Record> keyed = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1; i++) {
            LogSegment segment = segments.get(i);
            if (segment.baseOffset() >= firstUncleanable) {
                break;
            }
            if (segments.get(i + 1).baseOffset() <= firstDirty) {
                continue;
            }
            for (FileChannelRecordBatch batch : segment.batches()) {
                if (batch.lastOffset() < firstDirty) {
                    continue;
                }
                checkNotStopping(segment);
                keyed.clear();
                long keyBytes = 0;
                try (CloseableIterator<Record> records = batch.streamingIterator(decompression)) {
                    while (records.hasNext()) {
                        Record record = records.next();
                        if (record.hasKey()) {
                            keyed.add(record);
                            keyBytes += record.keySize();
                        }
                    }
                }
                // A first batch larger than the whole map is mapped anyway, or the log could never be cleaned.
                if (!map.hasRoomFor(keyed.size(), keyBytes) && map.size() > 0) {
                    return mapEnd;
                }
                for (Record record : keyed) {
                    map.put(record.key(), record.offset());
                }
                mapEnd = batch.lastOffset() + 1;
            }
        }
        return Math.max(mapEnd, firstUncleanable);
    }

    /** Splits the first {@code count} segments into runs that fit one segment each. */
    private static List<List<LogSegment>> group(List<LogSegment> segments, int count, LogConfig config) {
        long maxBytes = Math.min(config.segmentBytes(), Integer.MAX_VALUE);
        List<List<LogSegment>> groups = new ArrayList<>();
        int i = 0;
        while (i < count) {
            List<LogSegment> group = new ArrayList<>();
            long base = segments.get(i).baseOffset();
            long bytes = 0;
            do {
                group.add(segments.get(i));
                bytes += segments.get(i).size();
                i++;
            } while (i < count
                    && bytes + segments.get(i).size() <= maxBytes
                    && segments.get(i + 1).baseOffset() - 1 - base <= Integer.MAX_VALUE);
            groups.add(group);
        }
        return groups;
    }

    /** Writes the records of {@code group} that {@code filter} keeps into a new, fsynced {@code .cleaned} segment. */
    private LogSegment rewrite(
            PartitionLog log, List<LogSegment> group, CompactionFilter filter, LogConfig config, long nowMs)
            throws IOException {
        long lastModifiedMs = Long.MIN_VALUE;
        for (LogSegment segment : group) {
            lastModifiedMs = Math.max(lastModifiedMs, segment.lastModifiedMs());
        }
        LogSegment cleaned = LogSegment.createCleaned(log.dir(), group.get(0).baseOffset(), config, lastModifiedMs);
        boolean written = false;
        try {
            for (LogSegment segment : group) {
                for (FileChannelRecordBatch batch : segment.batches()) {
                    checkNotStopping(segment);
                    copyRetained(segment.readBatch(batch), filter, cleaned, lastModifiedMs, nowMs);
                }
            }
            cleaned.onBecomeInactive();
            cleaned.persistLastModified();
            cleaned.flush(true);
            written = true;
            return cleaned;
        } finally {
            if (!written) {
                SegmentSwap.discard(cleaned);
            }
        }
    }

    private void copyRetained(
            MemoryRecords source, CompactionFilter filter, LogSegment cleaned, long lastModifiedMs, long nowMs)
            throws IOException {
        MemoryRecords.FilterResult result = source.filterTo(
                filter, ByteBuffer.allocate(source.sizeInBytes()), decompression, Records.SOFT_MAX_ARRAY_LENGTH);
        bytesRead += source.sizeInBytes();
        recordsRead += result.messagesRead();
        ByteBuffer output = result.outputBuffer();
        output.flip();
        if (!output.hasRemaining()) {
            return;
        }
        MemoryRecords kept = MemoryRecords.readableRecords(output);
        // The source is one batch, so what is kept is that batch, filtered, or an empty batch in its place.
        RecordBatch batch = kept.batches().iterator().next();
        cleaned.append(kept, batch.lastOffset(), batch.maxTimestamp(), lastModifiedMs);
        bytesWritten += kept.sizeInBytes();
        recordsRetained += result.messagesRetained();
        // A horizon already passed means this pass dropped the batch's tombstones; only later ones are pending.
        batch.deleteHorizonMs().ifPresent(horizon -> {
            if (horizon > nowMs
                    && (earliestDeleteHorizonMs == CleanerCheckpoint.NO_DELETE_HORIZON
                            || horizon < earliestDeleteHorizonMs)) {
                earliestDeleteHorizonMs = horizon;
            }
        });
    }

    /**
     * Stops the pass when asked to, or when retention or DeleteRecords deleted {@code segment} meanwhile: its channel
     * is closed once the file delete delay has passed, and reading it then must not look like a disk fault.
     */
    private void checkNotStopping(LogSegment segment) {
        if (stopping.getAsBoolean()) {
            throw new CleaningAbortedException("cleaning stopped");
        }
        if (segment.isDeleted()) {
            throw new CleaningAbortedException(segment + " was deleted while being cleaned");
        }
    }
}
