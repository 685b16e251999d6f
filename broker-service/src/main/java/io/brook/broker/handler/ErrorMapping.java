package io.brook.broker.handler;

import io.brook.storage.errors.CorruptRecordException;
import io.brook.storage.errors.InvalidProducerEpochException;
import io.brook.storage.errors.InvalidRecordException;
import io.brook.storage.errors.LogDirectoryOfflineException;
import io.brook.storage.errors.OffsetOutOfRangeException;
import io.brook.storage.errors.OutOfOrderSequenceException;
import io.brook.storage.errors.RecordBatchTooLargeException;
import io.brook.storage.errors.RecordTooLargeException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

/** The one place where storage and metadata failures become Kafka protocol error codes. */
public final class ErrorMapping {

    private ErrorMapping() {}

    public static Errors toErrors(Throwable failure) {
        Throwable e =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof ApiException) {
            return Errors.forException(e);
        }
        if (e instanceof CorruptRecordException) {
            return Errors.CORRUPT_MESSAGE;
        }
        if (e instanceof InvalidRecordException) {
            return Errors.INVALID_RECORD;
        }
        if (e instanceof RecordTooLargeException) {
            return Errors.MESSAGE_TOO_LARGE;
        }
        if (e instanceof RecordBatchTooLargeException) {
            return Errors.RECORD_LIST_TOO_LARGE;
        }
        if (e instanceof OffsetOutOfRangeException) {
            return Errors.OFFSET_OUT_OF_RANGE;
        }
        if (e instanceof OutOfOrderSequenceException) {
            return Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
        }
        if (e instanceof InvalidProducerEpochException) {
            return Errors.INVALID_PRODUCER_EPOCH;
        }
        if (e instanceof LogDirectoryOfflineException) {
            return Errors.KAFKA_STORAGE_ERROR;
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /** The message to put beside the code: the failure's own for expected errors, nothing for internal ones. */
    public static String message(Throwable failure) {
        Throwable e =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return toErrors(e) == Errors.UNKNOWN_SERVER_ERROR ? null : e.getMessage();
    }
}
