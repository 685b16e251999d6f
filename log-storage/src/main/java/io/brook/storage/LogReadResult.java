package io.brook.storage;

/**
 * The answer to a read: the bytes found (possibly none) and the log's bounds at the time of the read.
 *
 * @param records whole record batches starting at the batch that contains the fetch offset
 * @param highWatermark the offset below which records are committed; reads never go past it
 * @param logStartOffset the first offset still readable
 * @param logEndOffset the offset the next append will get
 */
public record LogReadResult(FileSlice records, long highWatermark, long logStartOffset, long logEndOffset) {}
