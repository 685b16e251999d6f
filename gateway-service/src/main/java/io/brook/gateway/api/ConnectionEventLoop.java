package io.brook.gateway.api;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

/** The Netty event loop of the connection a response is written to. */
final class ConnectionEventLoop {

    private static final Executor FALLBACK = task -> Schedulers.parallel().schedule(task);

    private ConnectionEventLoop() {}

    /**
     * The loop that writes {@code response}; work done there writes without a hand-off. Reactor's
     * parallel workers when the server is not Reactor Netty.
     */
    static Executor of(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (nativeResponse instanceof HttpServerResponse netty) {
            AtomicReference<Executor> loop = new AtomicReference<>();
            netty.withConnection(connection -> loop.set(connection.channel().eventLoop()));
            if (loop.get() != null) {
                return loop.get();
            }
        }
        return FALLBACK;
    }
}
