package io.brook.bench.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One SSE connection of the fan-out client on plain Netty: sends {@code GET <path>} and reads the answer as it comes
 * off the socket, an HTTP/1.1 status line and headers, then a chunked body whose bytes go straight (no copy, no HTTP
 * objects) to the connection's {@link SseSubscriber}. Anything but {@code 200} with a chunked body fails the
 * connection with the status line. Runs on the connection's event loop.
 *
 * <p>Why not an HTTP client library: the client shares the machine with the gateway it measures, and every
 * microsecond it spends per delivery is taken from the gateway. A full HTTP client stack cost about twice this per
 * event.
 */
final class ChunkedSseHandler extends ChannelInboundHandlerAdapter {

    private enum State {
        HEAD,
        SIZE,
        DATA,
        DATA_END,
        DONE
    }

    private final byte[] request;
    private final SseSubscriber subscriber;
    private final Consumer<String> onError;
    private final ResponseHead head = new ResponseHead();
    private State state = State.HEAD;
    private long size;
    private long remaining;
    private boolean inExtension;

    ChunkedSseHandler(String host, int port, String path, SseSubscriber subscriber, Consumer<String> onError) {
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.subscriber = subscriber;
        this.onError = onError;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        context.writeAndFlush(Unpooled.wrappedBuffer(request));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf buffer = (ByteBuf) message;
        try {
            read(context, buffer);
        } finally {
            buffer.release();
        }
    }

    private void read(ChannelHandlerContext context, ByteBuf buffer) {
        while (buffer.isReadable() && state != State.DONE) {
            switch (state) {
                case HEAD -> readHead(context, buffer);
                case SIZE -> readSize(context, buffer);
                case DATA -> {
                    int count = (int) Math.min(remaining, buffer.readableBytes());
                    subscriber.feed(buffer, buffer.readerIndex(), buffer.readerIndex() + count);
                    buffer.skipBytes(count);
                    remaining -= count;
                    if (remaining == 0) {
                        state = State.DATA_END;
                        remaining = 2;
                    }
                }
                case DATA_END -> {
                    int count = (int) Math.min(remaining, buffer.readableBytes());
                    buffer.skipBytes(count);
                    remaining -= count;
                    if (remaining == 0) {
                        state = State.SIZE;
                        size = 0;
                    }
                }
                case DONE -> {}
            }
        }
    }

    private void readHead(ChannelHandlerContext context, ByteBuf buffer) {
        if (!head.read(buffer)) {
            return;
        }
        if (!head.isOk()) {
            fail(context, head.statusLine());
        } else if (!head.isChunked()) {
            fail(context, "not a chunked body: " + head.statusLine());
        } else {
            state = State.SIZE;
        }
    }

    /** Reads the chunk size line ({@code <hex>[;extension]\r\n}); a size of 0 ends the body. */
    private void readSize(ChannelHandlerContext context, ByteBuf buffer) {
        while (buffer.isReadable()) {
            byte b = buffer.readByte();
            if (b == '\n') {
                inExtension = false;
                if (size == 0) {
                    state = State.DONE;
                    context.close();
                } else {
                    state = State.DATA;
                    remaining = size;
                }
                return;
            }
            if (b == ';') {
                inExtension = true;
            } else if (!inExtension && b != '\r') {
                int digit = Character.digit(b, 16);
                if (digit < 0) {
                    fail(context, "bad chunk size byte " + b);
                    return;
                }
                size = size * 16 + digit;
            }
        }
    }

    private void fail(ChannelHandlerContext context, String why) {
        state = State.DONE;
        onError.accept(why);
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        subscriber.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fail(context, cause.toString());
    }
}
