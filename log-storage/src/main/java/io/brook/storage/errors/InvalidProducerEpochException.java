package io.brook.storage.errors;

/** An idempotent producer's epoch is older than the one the log knows. Maps to INVALID_PRODUCER_EPOCH. */
public class InvalidProducerEpochException extends StorageException {

    public InvalidProducerEpochException(String message) {
        super(message);
    }

    public InvalidProducerEpochException(String message, Throwable cause) {
        super(message, cause);
    }
}
