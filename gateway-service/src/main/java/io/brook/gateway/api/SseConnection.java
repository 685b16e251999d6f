package io.brook.gateway.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The Netty side of an SSE response: the event loop that writes it, whether its channel takes more
 * bytes now (Netty's write-buffer water marks), and a way to be told when it does again. A stream
 * that only writes while the channel is writable keeps at most a frame beyond the high water mark
 * per slow client in the gateway; everything else waits in Kafka.
 */
final class SseConnection {

    private static final String HANDLER = "brook-sse-writability";
    private static final Executor FALLBACK = task -> Schedulers.parallel().schedule(task);

    private final Executor eventLoop;
    private final BooleanSupplier writable;
    private final AtomicReference<Runnable> onWritable = new AtomicReference<>();
    private final Connection connection;

    private SseConnection(Executor eventLoop, BooleanSupplier writable, Connection connection) {
        this.eventLoop = eventLoop;
        this.writable = writable;
        this.connection = connection;
    }

    /** The connection of {@code response}; without Reactor Netty, one that is always writable. */
    static SseConnection of(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (nativeResponse instanceof HttpServerResponse netty) {
            AtomicReference<Connection> found = new AtomicReference<>();
            netty.withConnection(found::set);
            Connection connection = found.get();
            if (connection != null) {
                Channel channel = connection.channel();
                SseConnection sse = new SseConnection(channel.eventLoop(), channel::isWritable, connection);
                if (channel.pipeline().get(HANDLER) == null) {
                    connection.addHandlerLast(HANDLER, sse.new WritabilityListener());
                }
                return sse;
            }
        }
        return new SseConnection(FALLBACK, () -> true, null);
    }

    Executor eventLoop() {
        return eventLoop;
    }

    BooleanSupplier writable() {
        return writable;
    }

    /** Runs {@code action} on the event loop each time the channel becomes writable again. */
    void onWritable(Runnable action) {
        onWritable.set(action);
    }

    /** Stops telling; the connection may serve other requests afterwards. */
    void release() {
        onWritable.set(null);
        if (connection != null) {
            connection.removeHandler(HANDLER);
        }
    }

    private final class WritabilityListener extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
            Runnable action = onWritable.get();
            if (action != null && context.channel().isWritable()) {
                action.run();
            }
            super.channelWritabilityChanged(context);
        }
    }
}
