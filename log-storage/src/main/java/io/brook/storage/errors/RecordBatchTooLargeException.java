package io.brook.storage.errors;

/** A batch is larger than a segment can hold. Maps to RECORD_LIST_TOO_LARGE. */
public class RecordBatchTooLargeException extends StorageException {

    public RecordBatchTooLargeException(String message) {
        super(message);
    }

    public RecordBatchTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
