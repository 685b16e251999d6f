package io.brook.storage;

/**
 * The answer to a read: the bytes found (possibly none) and the log's bounds at the time of the read.
 *
 * @param records whole record batches starting at the batch that contains the fetch offset
 * @param nextOffset the offset after the last record in {@code records}; the fetch offset when nothing was read, so
 *     {@code nextOffset - fetchOffset} is the number of offsets delivered
 * @param highWatermark the offset below which records are committed, what a consumer's read is bounded by
 * @param logStartOffset the first offset still readable
 * @param logEndOffset the offset the next append will get; {@code logStartOffset <= highWatermark <= logEndOffset}
 */
public record LogReadResult(
        FileSlice records, long nextOffset, long highWatermark, long logStartOffset, long logEndOffset) {}
