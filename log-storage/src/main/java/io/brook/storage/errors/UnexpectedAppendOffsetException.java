package io.brook.storage.errors;

/**
 * A follower's append does not start at the log end offset (or a batch does not follow the one before it), so the
 * fetched records do not continue this replica's log. The fetcher must truncate or refetch; nothing was written.
 */
public class UnexpectedAppendOffsetException extends StorageException {

    private final long firstOffset;
    private final long expectedOffset;

    public UnexpectedAppendOffsetException(String message, long firstOffset, long expectedOffset) {
        super(message);
        this.firstOffset = firstOffset;
        this.expectedOffset = expectedOffset;
    }

    /** The base offset of the batch that did not fit. */
    public long firstOffset() {
        return firstOffset;
    }

    /** The offset the batch had to start at: the log end offset, or the end of the batch before it. */
    public long expectedOffset() {
        return expectedOffset;
    }
}
