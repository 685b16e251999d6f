package io.brook.storage.errors;

/** An I/O failure took the log directory offline; nothing more is written to it. Maps to KAFKA_STORAGE_ERROR. */
public class LogDirectoryOfflineException extends StorageException {

    public LogDirectoryOfflineException(String message) {
        super(message);
    }

    public LogDirectoryOfflineException(String message, Throwable cause) {
        super(message, cause);
    }
}
