package io.brook.controller.control;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The answer to a control operation: a value, or the Kafka error that prevented it and a message for people. Every
 * failure the control layer knows of becomes one of these, so callers switch on {@link Errors} as Kafka clients do.
 *
 * @param error {@link Errors#NONE} on success
 * @param message why it failed, or null
 * @param value the result on success, else null
 */
public record ControlResult<T>(Errors error, String message, T value) {

    public static <T> ControlResult<T> ok(T value) {
        return new ControlResult<>(Errors.NONE, null, value);
    }

    public static <T> ControlResult<T> failed(Errors error, String message) {
        if (error == Errors.NONE) {
            throw new IllegalArgumentException("A failed result needs an error, not NONE");
        }
        return new ControlResult<>(error, message, null);
    }

    /** The error a failure maps to: {@link Errors#forException} for Kafka's, unknown server error otherwise. */
    public static <T> ControlResult<T> failed(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return failed(Errors.forException(api), api.getMessage());
        }
        return failed(Errors.UNKNOWN_SERVER_ERROR, String.valueOf(cause));
    }

    public boolean isOk() {
        return error == Errors.NONE;
    }
}
