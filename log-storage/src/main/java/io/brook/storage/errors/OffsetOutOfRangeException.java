package io.brook.storage.errors;

/** A read or delete named an offset outside [log start offset, log end offset]. Maps to OFFSET_OUT_OF_RANGE. */
public class OffsetOutOfRangeException extends StorageException {

    public OffsetOutOfRangeException(String message) {
        super(message);
    }

    public OffsetOutOfRangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
