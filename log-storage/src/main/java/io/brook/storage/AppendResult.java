package io.brook.storage;

/**
 * What an append as leader wrote.
 *
 * @param firstOffset offset given to the first record of the batch
 * @param lastOffset offset given to the last record of the batch
 * @param logAppendTimeMs the broker time stamped into the batch under LogAppendTime, else -1
 * @param logStartOffset the log start offset after the append
 * @param duplicate true when an idempotent producer retried a batch already in the log: nothing was written and
 *     the offsets are those of the original append
 * @param sizeInBytes bytes written (0 for a duplicate)
 * @param recordCount records written (0 for a duplicate)
 */
public record AppendResult(
        long firstOffset,
        long lastOffset,
        long logAppendTimeMs,
        long logStartOffset,
        boolean duplicate,
        int sizeInBytes,
        int recordCount) {}
