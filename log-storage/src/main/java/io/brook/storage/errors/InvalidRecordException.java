package io.brook.storage.errors;

/** A batch is well-formed but not acceptable, e.g. several batches in one produce, or offsets not starting at 0. Maps to INVALID_RECORD. */
public class InvalidRecordException extends StorageException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
