package io.brook.broker.handler;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;
import org.apache.kafka.common.requests.RequestHeader;

/** Drives handlers as the network layer does: messages go through the wire format of the version under test. */
final class HandlerTestSupport {

    private HandlerTestSupport() {}

    static RequestContext context(ApiKeys apiKey, int version) {
        return new RequestContext(
                new RequestHeader(apiKey, (short) version, "test-client", 7), new InetSocketAddress("127.0.0.1", 0));
    }

    /** Every version the broker serves for {@code apiKey}. */
    static IntStream versions(ApiKeys apiKey) {
        return IntStream.rangeClosed(apiKey.oldestVersion(), apiKey.latestVersion());
    }

    /** The message as a peer of {@code version} reads it: written and parsed back at that version. */
    @SuppressWarnings("unchecked")
    static <T extends ApiMessage> T wire(T message, int version) {
        Readable readable = MessageUtil.toByteBufferAccessor(message, (short) version);
        try {
            return (T) message.getClass()
                    .getConstructor(Readable.class, short.class)
                    .newInstance(readable, (short) version);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot parse " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Sends {@code request} at {@code version} through {@code handler} and returns the response as the client
     * reads it.
     */
    static <Q extends ApiMessage, R extends ApiMessage> R call(RequestHandler<Q> handler, Q request, int version) {
        Q received = wire(request, version);
        CompletionStage<? extends ApiMessage> stage = handler.handle(context(handler.apiKey(), version), received);
        try {
            @SuppressWarnings("unchecked")
            R response = (R) stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            return wire(response, version);
        } catch (Exception e) {
            throw new AssertionError("handler failed", e);
        }
    }
}
