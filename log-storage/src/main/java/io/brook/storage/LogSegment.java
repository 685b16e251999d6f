package io.brook.storage;

import io.brook.storage.OffsetIndex.OffsetPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One segment of a partition log: a file of v2 record batches whose offsets start at {@link #baseOffset()}, with
 * its sparse {@link OffsetIndex} and {@link TimeIndex}.
 *
 * <p>Threading: {@link #append} and the other mutators run under the owning log's append lock. Reads run
 * concurrently without locks and are bounded by a position the caller took from the log's published end, so they
 * never see a batch that is being written. The file's channel stays open after {@link #renameToDeleted()} until
 * {@link #deleteFiles()}, so a {@link FileSlice} handed out earlier stays readable.
 *
 * <p>Invariants: batches are contiguous and whole up to {@link #size()}; index entries point at batch starts.
 */
final class LogSegment {

    private final long baseOffset;
    private final FileRecords records;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private int bytesSinceLastIndexEntry;
    private volatile TimestampOffset maxTimestampSoFar;
    private volatile long rollingBaseTimeMs;
    private volatile long lastModifiedMs;
    private volatile boolean deleted;
    private volatile boolean replaced;

    private LogSegment(
            long baseOffset, FileRecords records, OffsetIndex offsetIndex, TimeIndex timeIndex, LogConfig config) {
        this.baseOffset = baseOffset;
        this.records = records;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.maxTimestampSoFar = timeIndex.lastEntry().orElse(null);
    }

    /** Creates the files of a new, empty segment. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, long nowMs) throws IOException {
        Path logFile = LogFileNames.logFile(dir, baseOffset);
        if (Files.exists(logFile) && Files.size(logFile) > 0) {
            throw new IOException("segment file " + logFile + " already exists and is not empty");
        }
        Files.deleteIfExists(LogFileNames.offsetIndexFile(dir, baseOffset));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset));
        LogSegment segment = open(dir, baseOffset, config);
        segment.rollingBaseTimeMs = nowMs;
        segment.lastModifiedMs = nowMs;
        return segment;
    }

    /** Opens an existing segment's files (missing index files are created empty). */
    static LogSegment open(Path dir, long baseOffset, LogConfig config) throws IOException {
        return open(dir, baseOffset, config, "");
    }

    /**
     * Creates the files of the segment the {@link LogCleaner} writes, named {@code <base>.log.cleaned} and so on, and
     * carrying {@code lastModifiedMs} of the segments it replaces. {@link SegmentSwap} later gives them their final
     * names.
     */
    static LogSegment createCleaned(Path dir, long baseOffset, LogConfig config, long lastModifiedMs)
            throws IOException {
        for (Path file : LogFileNames.segmentFiles(dir, baseOffset, LogFileNames.CLEANED_SUFFIX)) {
            Files.deleteIfExists(file);
        }
        LogSegment segment = open(dir, baseOffset, config, LogFileNames.CLEANED_SUFFIX);
        segment.rollingBaseTimeMs = lastModifiedMs;
        segment.lastModifiedMs = lastModifiedMs;
        return segment;
    }

    private static LogSegment open(Path dir, long baseOffset, LogConfig config, String suffix) throws IOException {
        Path logFile = Path.of(LogFileNames.logFile(dir, baseOffset) + suffix);
        FileRecords records = FileRecords.open(logFile.toFile(), true);
        OffsetIndex offsetIndex = new OffsetIndex(
                Path.of(LogFileNames.offsetIndexFile(dir, baseOffset) + suffix),
                baseOffset,
                config.segmentIndexBytes());
        TimeIndex timeIndex = new TimeIndex(
                Path.of(LogFileNames.timeIndexFile(dir, baseOffset) + suffix), baseOffset, config.segmentIndexBytes());
        LogSegment segment = new LogSegment(baseOffset, records, offsetIndex, timeIndex, config);
        long modified = Files.getLastModifiedTime(logFile).toMillis();
        segment.rollingBaseTimeMs = modified;
        segment.lastModifiedMs = modified;
        return segment;
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return records.sizeInBytes();
    }

    boolean isDeleted() {
        return deleted;
    }

    /** Whether the cleaner swapped this segment out of its log; set before the segment map changes. */
    boolean isReplaced() {
        return replaced;
    }

    void markReplaced() {
        replaced = true;
    }

    /** Clock time of the last write, or the file's modification time when opened. */
    long lastModifiedMs() {
        return lastModifiedMs;
    }

    /** Clock time of the first append, or of opening: what {@code segment.ms} is measured from. */
    long rollingBaseTimeMs() {
        return rollingBaseTimeMs;
    }

    /** The largest record timestamp, falling back to the last write time when no record carries one. */
    long largestTimestampMs() {
        TimestampOffset max = maxTimestampSoFar;
        return max != null ? max.timestamp() : lastModifiedMs;
    }

    /** The largest timestamp and the last offset of the batch that carries it, if any batch has a timestamp. */
    Optional<TimestampOffset> maxTimestampSoFar() {
        return Optional.ofNullable(maxTimestampSoFar);
    }

    boolean isIndexFull() {
        return offsetIndex.isFull() || timeIndex.isFull();
    }

    boolean canHoldOffset(long offset) {
        long relative = offset - baseOffset;
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    /**
     * Appends one batch whose offsets were already assigned. Returns the position it was written at.
     *
     * @param lastOffset the batch's last offset
     * @param maxTimestamp the batch's largest timestamp, -1 if none
     */
    int append(MemoryRecords batch, long lastOffset, long maxTimestamp, long nowMs) throws IOException {
        int position = records.sizeInBytes();
        if (position == 0) {
            rollingBaseTimeMs = nowMs;
        }
        records.append(batch);
        indexBatch(position, batch.sizeInBytes(), lastOffset, maxTimestamp);
        lastModifiedMs = nowMs;
        return position;
    }

    private void indexBatch(int position, int size, long lastOffset, long maxTimestamp) {
        TimestampOffset max = maxTimestampSoFar;
        if (maxTimestamp > RecordBatch.NO_TIMESTAMP && (max == null || maxTimestamp > max.timestamp())) {
            max = new TimestampOffset(maxTimestamp, lastOffset);
            maxTimestampSoFar = max;
        }
        // A full index only happens to a segment the cleaner merged; a sparser index still finds every batch.
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull()) {
            offsetIndex.append(lastOffset, position);
            if (max != null) {
                timeIndex.maybeAppend(max.timestamp(), max.offset());
            }
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += size;
    }

    /** Whole batches from the one holding {@code startOffset}, and the offset after the last of them. */
    record SegmentRead(FileSlice slice, long nextOffset) {}

    /**
     * Whole batches from the one containing {@code startOffset}, up to {@code maxBytes}, never at or past
     * {@code maxPosition} and never one whose last offset is at least {@code maxOffset} ({@link Long#MAX_VALUE}
     * for no such bound). Returns empty when no batch within those bounds reaches {@code startOffset}, and an empty
     * slice when the first batch is larger than {@code maxBytes} and {@code minOneBatch} is false.
     */
    Optional<SegmentRead> read(long startOffset, int maxBytes, int maxPosition, boolean minOneBatch, long maxOffset) {
        // A bound by position, so that the index skip below stays under maxOffset as well.
        int bound = maxOffset == Long.MAX_VALUE ? maxPosition : positionOf(maxOffset, maxPosition);
        FileChannelRecordBatch first = findBatch(startOffset, bound);
        if (first == null) {
            return Optional.empty();
        }
        int start = first.position();
        int firstEnd = start + first.sizeInBytes();
        int limit = (int) Math.min((long) start + Math.max(0, maxBytes), bound);
        if (firstEnd > limit) {
            return Optional.of(
                    minOneBatch
                            ? new SegmentRead(slice(start, firstEnd - start), first.lastOffset() + 1)
                            : new SegmentRead(FileSlice.EMPTY, startOffset));
        }
        FileChannelRecordBatch last = first;
        int from = Math.max(firstEnd, offsetIndex.floorPosition(limit));
        if (from > firstEnd) {
            // The index skipped batches; the batch ending at `from` is re-found by the scan below when needed.
            last = null;
        }
        int end = from;
        for (FileChannelRecordBatch batch : batchesFrom(from)) {
            int batchEnd = batch.position() + batch.sizeInBytes();
            if (batchEnd > limit) {
                break;
            }
            end = batchEnd;
            last = batch;
        }
        long nextOffset = last != null ? last.lastOffset() + 1 : lastOffsetEndingAt(from, start) + 1;
        return Optional.of(new SegmentRead(slice(start, end - start), nextOffset));
    }

    /** Where the first batch reaching {@code offset} starts; {@code maxPosition} when no batch below that does. */
    private int positionOf(long offset, int maxPosition) {
        FileChannelRecordBatch batch = findBatch(offset, maxPosition);
        return batch == null ? maxPosition : batch.position();
    }

    /**
     * The last offset of the batch that ends exactly at {@code position} (a batch boundary after {@code from}),
     * scanning from the nearest indexed batch before it.
     */
    private long lastOffsetEndingAt(int position, int from) {
        long lastOffset = -1;
        for (FileChannelRecordBatch batch : batchesFrom(Math.max(from, offsetIndex.floorPosition(position - 1)))) {
            if (batch.position() >= position) {
                break;
            }
            lastOffset = batch.lastOffset();
        }
        return lastOffset;
    }

    /** The first batch at or after the index entry for {@code offset} whose last offset is at least it. */
    private FileChannelRecordBatch findBatch(long offset, int maxPosition) {
        OffsetPosition floor = offsetIndex.lookup(offset);
        for (FileChannelRecordBatch batch : batchesFrom(floor.position())) {
            if (batch.position() >= maxPosition) {
                return null;
            }
            if (batch.lastOffset() >= offset) {
                return batch;
            }
        }
        return null;
    }

    private FileSlice slice(int position, int size) {
        return size == 0 ? FileSlice.EMPTY : new FileSlice(records.channel(), position, size);
    }

    private Iterable<FileChannelRecordBatch> batchesFrom(int position) {
        return records.batchesFrom(position);
    }

    /** The first record at or after {@code minOffset} with a timestamp at least {@code timestampMs}. */
    Optional<TimestampOffset> findOffsetByTimestamp(long timestampMs, long minOffset, int maxPosition) {
        TimestampOffset max = maxTimestampSoFar;
        if (max == null || max.timestamp() < timestampMs) {
            return Optional.empty();
        }
        int from = timeIndex
                .lastEntryBelow(timestampMs)
                .map(entry -> offsetIndex.lookup(entry.offset()).position())
                .orElse(0);
        for (FileChannelRecordBatch batch : batchesFrom(from)) {
            if (batch.position() >= maxPosition) {
                break;
            }
            if (batch.maxTimestamp() >= timestampMs && batch.lastOffset() >= minOffset) {
                Optional<TimestampOffset> found = firstRecordAtOrAfter(batch, timestampMs, minOffset);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The offset of the first record that carries the segment's largest timestamp. */
    Optional<TimestampOffset> maxTimestampRecord(int maxPosition) {
        TimestampOffset max = maxTimestampSoFar;
        if (max == null) {
            return Optional.empty();
        }
        FileChannelRecordBatch batch = findBatch(max.offset(), maxPosition);
        if (batch == null) {
            return Optional.empty();
        }
        return firstRecordAtOrAfter(batch, max.timestamp(), batch.baseOffset())
                .filter(found -> found.timestamp() == max.timestamp())
                .or(() -> Optional.of(max));
    }

    private static Optional<TimestampOffset> firstRecordAtOrAfter(RecordBatch batch, long timestampMs, long minOffset) {
        // Iterating the records is unavoidable here: ListOffsets answers with a record's offset.
        for (Record record : batch) {
            if (record.timestamp() >= timestampMs && record.offset() >= minOffset) {
                return Optional.of(new TimestampOffset(record.timestamp(), record.offset()));
            }
        }
        return Optional.empty();
    }

    /** Hands every batch whose last offset is at least {@code offset} to {@code action}, reading headers only. */
    void forEachBatchFrom(long offset, Consumer<RecordBatch> action) {
        for (FileChannelRecordBatch batch :
                batchesFrom(offsetIndex.lookup(offset).position())) {
            if (batch.lastOffset() >= offset) {
                action.accept(batch);
            }
        }
    }

    /** Every batch of the segment, in file order; for segments no longer written to. */
    Iterable<FileChannelRecordBatch> batches() {
        return batchesFrom(0);
    }

    /** Reads the whole of {@code batch}, a batch of this segment, into a new heap buffer. */
    MemoryRecords readBatch(FileChannelRecordBatch batch) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(batch.sizeInBytes());
        records.readInto(buffer, batch.position());
        return MemoryRecords.readableRecords(buffer);
    }

    /**
     * The timestamp of the first batch holding an offset at least {@code offset}: its largest timestamp, or the
     * segment's {@link #rollingBaseTimeMs()} when it has none. Empty when no such batch is in the segment.
     */
    OptionalLong firstBatchTimestampFrom(long offset) {
        FileChannelRecordBatch batch = findBatch(offset, size());
        if (batch == null) {
            return OptionalLong.empty();
        }
        long timestamp = batch.maxTimestamp();
        return OptionalLong.of(timestamp > RecordBatch.NO_TIMESTAMP ? timestamp : rollingBaseTimeMs);
    }

    /** The offset after the last batch, found by scanning from the last index entry. */
    long readNextOffset() {
        long next = baseOffset;
        for (FileChannelRecordBatch batch : batchesFrom(offsetIndex.lastEntry().position())) {
            next = batch.nextOffset();
        }
        return next;
    }

    boolean hasSaneIndexes() {
        return offsetIndex.isSane(size())
                && timeIndex.lastEntry().map(e -> e.offset() >= baseOffset).orElse(true);
    }

    /**
     * Re-reads the whole segment: checks each batch (magic, CRC, offsets following {@code baseOffset} without gap,
     * or only growing when {@code allowOffsetGaps} because the cleaner removed records), rebuilds both indexes,
     * hands each good batch to {@code visitor} and cuts the file before the first bad one.
     *
     * @return the number of bytes cut off
     */
    int recover(int maxIndexBytes, boolean allowOffsetGaps, Consumer<RecordBatch> visitor) throws IOException {
        offsetIndex.reset(maxIndexBytes);
        timeIndex.reset(maxIndexBytes);
        maxTimestampSoFar = null;
        bytesSinceLastIndexEntry = 0;
        int validBytes = 0;
        long expectedOffset = baseOffset;
        try {
            for (FileChannelRecordBatch batch : batchesFrom(0)) {
                if (!BatchValidator.isIntact(batch, expectedOffset, allowOffsetGaps)
                        || !canHoldOffset(batch.lastOffset())) {
                    break;
                }
                indexBatch(validBytes, batch.sizeInBytes(), batch.lastOffset(), batch.maxTimestamp());
                visitor.accept(batch);
                validBytes += batch.sizeInBytes();
                expectedOffset = batch.nextOffset();
            }
        } catch (KafkaException e) {
            // A header that cannot even be parsed ends the valid prefix just like a bad CRC.
        }
        int cut = records.sizeInBytes() - validBytes;
        if (cut > 0) {
            records.truncateTo(validBytes);
        }
        return cut;
    }

    /**
     * Removes every batch holding an offset at least {@code offset} (a batch straddling it goes whole, as in Kafka)
     * with its index entries, and forces the shorter file to disk. Returns the number of bytes removed.
     */
    int truncateTo(long offset) throws IOException {
        FileChannelRecordBatch first = findBatch(offset, size());
        if (first == null) {
            return 0;
        }
        int position = first.position();
        offsetIndex.truncateToPosition(position);
        timeIndex.truncateToOffset(first.baseOffset());
        int removed = records.truncateTo(position);
        records.channel().force(true);
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = largestTimestampFromIndex();
        return removed;
    }

    /** The largest timestamp of the batches from the last time index entry on, found by scanning their headers. */
    private TimestampOffset largestTimestampFromIndex() {
        TimestampOffset max = timeIndex.lastEntry().orElse(null);
        int from = max == null ? 0 : offsetIndex.lookup(max.offset()).position();
        for (FileChannelRecordBatch batch : batchesFrom(from)) {
            if (batch.maxTimestamp() > RecordBatch.NO_TIMESTAMP
                    && (max == null || batch.maxTimestamp() > max.timestamp())) {
                max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
        }
        return max;
    }

    /** Writes the final time index entry and cuts both index files to their entries. */
    void onBecomeInactive() throws IOException {
        TimestampOffset max = maxTimestampSoFar;
        if (max != null) {
            timeIndex.appendFinal(max.timestamp(), max.offset());
        }
        offsetIndex.trim();
        timeIndex.trim();
    }

    /** Makes room for index entries again once this segment is the active one. */
    void onBecomeActive(int maxIndexBytes) throws IOException {
        offsetIndex.resize(maxIndexBytes);
        timeIndex.resize(Math.max(TimeIndex.ENTRY_SIZE, maxIndexBytes));
    }

    /** Stamps the log file with {@link #lastModifiedMs()}, so a cleaned segment keeps the age of those it replaced. */
    void persistLastModified() throws IOException {
        Files.setLastModifiedTime(records.file().toPath(), FileTime.fromMillis(lastModifiedMs));
    }

    /** Forces the data (and the indexes when asked) to disk. Does nothing once the segment is deleted. */
    void flush(boolean withIndexes) throws IOException {
        if (deleted) {
            return;
        }
        records.channel().force(false);
        if (withIndexes) {
            offsetIndex.flush();
            timeIndex.flush();
        }
    }

    /** Closes the channel; flushing and trimming, if wanted, were done before. */
    void closeHandles() throws IOException {
        records.channel().close();
    }

    /** Renames the files to {@code *.deleted}; the channel stays open for reads in flight. */
    void renameToDeleted() throws IOException {
        deleted = true;
        records.renameTo(records.file()
                .toPath()
                .resolveSibling(records.file().getName() + LogFileNames.DELETED_SUFFIX)
                .toFile());
        offsetIndex.renameTo(
                offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + LogFileNames.DELETED_SUFFIX));
        timeIndex.renameTo(
                timeIndex.file().resolveSibling(timeIndex.file().getFileName() + LogFileNames.DELETED_SUFFIX));
    }

    /**
     * Renames the three files from names ending in {@code fromSuffix} to names ending in {@code toSuffix} (either
     * may be empty for the final names): the indexes first and the log file last, since the loader takes the log
     * file's name as the step that happened (see {@link SegmentSwap}).
     */
    void changeFileSuffix(String fromSuffix, String toSuffix) throws IOException {
        offsetIndex.renameTo(withSuffix(offsetIndex.file(), fromSuffix, toSuffix));
        timeIndex.renameTo(withSuffix(timeIndex.file(), fromSuffix, toSuffix));
        records.renameTo(
                withSuffix(records.file().toPath(), fromSuffix, toSuffix).toFile());
    }

    private static Path withSuffix(Path file, String fromSuffix, String toSuffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(fromSuffix)) {
            throw new IllegalStateException("segment file " + file + " does not end with '" + fromSuffix + "'");
        }
        return file.resolveSibling(name.substring(0, name.length() - fromSuffix.length()) + toSuffix);
    }

    /** Closes the channel and removes the files, wherever they were renamed to. */
    void deleteFiles() throws IOException {
        deleted = true;
        records.deleteIfExists();
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size() + ")";
    }
}
