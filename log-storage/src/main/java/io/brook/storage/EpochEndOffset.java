package io.brook.storage;

/**
 * The answer to OffsetForLeaderEpoch for one partition, as Kafka's {@code LeaderEpochFileCache.endOffsetFor} gives
 * it: the largest leader epoch at most the requested one, and the offset after the last record of that epoch.
 *
 * @param epoch the epoch found, or {@link #UNDEFINED_EPOCH}
 * @param endOffset the start offset of the next larger epoch, the log end offset for the latest epoch, or
 *     {@link #UNDEFINED_EPOCH_OFFSET}
 */
public record EpochEndOffset(int epoch, long endOffset) {

    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_EPOCH_OFFSET = -1;

    /** No answer: the requested epoch is undefined, newer than every known epoch, or no epoch is known. */
    public static final EpochEndOffset UNDEFINED = new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);

    public boolean isUndefined() {
        return endOffset == UNDEFINED_EPOCH_OFFSET;
    }
}
