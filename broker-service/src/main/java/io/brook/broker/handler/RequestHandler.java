package io.brook.broker.handler;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Serves one Kafka API. One implementation per {@link ApiKeys}, as the protocol has one request type per key.
 *
 * <p>Threading: {@link #handle} runs on a request thread, never on a network event loop, and requests of one
 * connection are handled one after another in arrival order (so appends from one producer connection stay in
 * order). A handler may block on disk I/O; anything that waits longer (long-poll fetches, group-committed flushes)
 * returns an incomplete stage instead of blocking. Errors are returned as protocol error codes inside the response;
 * an exception that escapes becomes the API's generic error response.
 *
 * @param <Q> the generated request data class
 */
public interface RequestHandler<Q extends ApiMessage> {

    ApiKeys apiKey();

    /** The response to send, or {@code null} when the request expects none. */
    CompletionStage<? extends ApiMessage> handle(RequestContext context, Q request);

    /** Whether the client waits for a response to this request (false only for produce with acks=0). */
    default boolean expectsResponse(Q request) {
        return true;
    }

    /** Highest version served; the lowest is always {@link ApiKeys#oldestVersion()}. */
    default short latestVersion() {
        return apiKey().latestVersion();
    }
}
