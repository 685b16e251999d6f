package io.brook.broker.group;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.protocol.Errors;

/**
 * Where the response to one request goes, and how that request is answered with an error code. A request may be
 * answered by a later operation than its own (a JoinGroup waits for the rest of the group), so the responder is
 * kept in the group until then.
 *
 * <p>Thread-safe: completing twice is harmless, the first answer wins. An error function may throw (for answers
 * that carry no error code), which fails the future with that exception.
 *
 * @param <R> the response data type
 */
public final class Responder<R> {

    private final CompletableFuture<R> future = new CompletableFuture<>();
    private final Function<Errors, R> errorResponse;

    public Responder(Function<Errors, R> errorResponse) {
        this.errorResponse = errorResponse;
    }

    public CompletableFuture<R> future() {
        return future;
    }

    void complete(R response) {
        future.complete(response);
    }

    /** Answers with the error response, or fails the future when the response type has no room for an error. */
    void fail(Errors error) {
        try {
            future.complete(errorResponse.apply(error));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    boolean isDone() {
        return future.isDone();
    }
}
