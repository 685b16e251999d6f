package io.brook.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the inbound byte stream into Kafka request frames.
 *
 * <pre>
 * +----------------+---------------------------------------------+
 * | size (int32)   | request header + request body (size bytes)  |
 * +----------------+---------------------------------------------+
 * </pre>
 *
 * <p>The size prefix is stripped. A frame larger than the configured limit (Kafka's
 * {@code socket.request.max.bytes}), or a negative size, closes this connection and only this one: the stream
 * cannot be re-synchronised after a bad length. A connection closed mid-frame simply drops the partial frame.
 */
final class KafkaFrameDecoder extends LengthFieldBasedFrameDecoder {

    private static final Logger log = LoggerFactory.getLogger(KafkaFrameDecoder.class);

    KafkaFrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes, 0, 4, 0, 4, true);
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, java.nio.ByteOrder order) {
        // Kafka's size is a signed int32; read it as such so a negative size is refused as negative.
        int size = buf.getInt(offset);
        if (size < 0) {
            throw new TooLongFrameException("negative request size " + size);
        }
        return size;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
