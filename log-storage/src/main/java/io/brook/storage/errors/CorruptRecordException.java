package io.brook.storage.errors;

/** A record batch failed validation: bad CRC, unsupported magic, size mismatch or malformed header. Maps to CORRUPT_MESSAGE. */
public class CorruptRecordException extends StorageException {

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
