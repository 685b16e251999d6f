package io.brook.storage.errors;

/** An idempotent producer's batch does not follow its previous sequence number. Maps to OUT_OF_ORDER_SEQUENCE_NUMBER. */
public class OutOfOrderSequenceException extends StorageException {

    public OutOfOrderSequenceException(String message) {
        super(message);
    }

    public OutOfOrderSequenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
