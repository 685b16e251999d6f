package io.brook.gateway.api;

import io.brook.gateway.consume.EventStream;
import io.brook.gateway.consume.FrameSink;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An SSE response's socket, written directly: once the response's headers and opening chunk have
 * gone out the normal way (so the HTTP encoder is in its chunked state), every further frame is
 * framed as an HTTP/1.1 chunk by {@link SseChunks} and written by a handler placed just in front of
 * the HTTP codec, at the socket end of the pipeline (after TLS, if any).
 *
 * <p>Why: a fan-out writes the same event to thousands of sockets. Through the reactive writer each
 * write was a sink signal, a queue, an encoder pass with three buffers, a copy of the heap bytes
 * into a direct buffer, a promise and a separately scheduled flush. Here it is one duplicate of a
 * direct buffer shared by every stream of the event loop, written and flushed in place: one
 * {@code write(2)} per event and connection, nothing else.
 *
 * <p>The response still ends the normal way: when the stream's Mono completes, Reactor Netty sends
 * the last chunk through the encoder, which never saw these writes and is still in its chunked
 * state. Backpressure: the stream sends only while the channel is writable (Netty's water marks)
 * and resumes on the channel's writability event.
 */
final class SseChannel extends ChannelDuplexHandler implements FrameSink {

    private static final String HANDLER = "brook-sse-writer";

    private final Channel channel;
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final AtomicReference<EventStream> stream = new AtomicReference<>();
    private ChannelHandlerContext context;

    private SseChannel(Channel channel) {
        this.channel = channel;
    }

    /**
     * The socket of {@code response}, if it is an HTTP/1.1 response of Reactor Netty (the gateway's
     * server); otherwise the caller writes through the response.
     */
    static Optional<SseChannel> of(ServerHttpResponse response) {
        Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
        if (!(nativeResponse instanceof HttpServerResponse netty)) {
            return Optional.empty();
        }
        AtomicReference<Connection> found = new AtomicReference<>();
        netty.withConnection(found::set);
        Connection connection = found.get();
        if (connection == null) {
            return Optional.empty();
        }
        Channel channel = connection.channel();
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NettyPipeline.HttpCodec) == null || pipeline.get(HANDLER) != null) {
            return Optional.empty();
        }
        return Optional.of(new SseChannel(channel));
    }

    /** The event loop that owns the socket; streams run on it. */
    Executor eventLoop() {
        return channel.eventLoop();
    }

    /**
     * Runs {@code stream} on this socket until the client goes away, then closes it. Call after the
     * response's headers and first chunk are written. The Mono completes when the connection
     * closes; cancelling it closes the stream too.
     */
    Mono<Void> run(EventStream stream) {
        this.stream.set(stream);
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                end(null);
                return;
            }
            channel.pipeline().addBefore(NettyPipeline.HttpCodec, HANDLER, this);
            channel.closeFuture().addListener(closed -> end(null));
            stream.start(this);
        });
        return ended.asMono().doFinally(signal -> end(null));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.context = context;
    }

    @Override
    public boolean ready() {
        return context != null && channel.isActive() && channel.isWritable();
    }

    @Override
    public void send(byte[] frame) {
        context.writeAndFlush(SseChunks.chunk(frame, context.alloc()), context.voidPromise());
    }

    @Override
    public void fail(Throwable error) {
        end(error);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        EventStream current = stream.get();
        if (current != null && context.channel().isWritable()) {
            current.resume();
        }
        super.channelWritabilityChanged(context);
    }

    /**
     * Stops the stream, completes {@link #run} (with {@code error} if not null) and takes the
     * handler out; the connection may serve further requests.
     */
    private void end(Throwable error) {
        EventStream current = stream.getAndSet(null);
        if (current == null) {
            return;
        }
        current.close();
        if (error != null) {
            ended.tryEmitError(error);
        } else {
            ended.tryEmitEmpty();
        }
        try {
            channel.eventLoop().execute(() -> {
                if (channel.pipeline().get(HANDLER) == this) {
                    channel.pipeline().remove(this);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // The event loop is gone, and the channel with it.
        }
    }
}
