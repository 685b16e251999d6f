package io.brook.gateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;

/**
 * SSE frames as HTTP/1.1 chunks ({@code <size in hex>\r\n<bytes>\r\n}) in direct buffers, ready for
 * the socket.
 *
 * <p>A fan-out hands the same frame (one byte array, shared through the feed) to every stream of an
 * event loop in turn, so each thread keeps the chunk it built last: the next stream with the same
 * frame gets a retained duplicate of it (its own indexes, the same memory) instead of a new buffer
 * and a copy. The cache is per thread, so nothing is shared between threads but the immutable frame
 * array; a thread's cached chunk lives until that thread builds another.
 */
final class SseChunks {

    private static final byte[] CRLF = {'\r', '\n'};

    private static final FastThreadLocal<LastChunk> LAST = new FastThreadLocal<>() {
        @Override
        protected LastChunk initialValue() {
            return new LastChunk();
        }

        @Override
        protected void onRemoval(LastChunk last) {
            last.replace(null, null);
        }
    };

    private SseChunks() {}

    /** {@code frame} as one chunk; the caller owns (and the write releases) the buffer returned. */
    static ByteBuf chunk(byte[] frame, ByteBufAllocator allocator) {
        LastChunk last = LAST.get();
        if (last.frame != frame) {
            last.replace(frame, encode(frame, allocator));
        }
        return last.chunk.retainedDuplicate();
    }

    /** A new buffer holding {@code frame} as one chunk; an empty frame would end the body, so there is none. */
    static ByteBuf encode(byte[] frame, ByteBufAllocator allocator) {
        if (frame.length == 0) {
            throw new IllegalArgumentException("an empty chunk ends an HTTP/1.1 body; frames are never empty");
        }
        byte[] size = Integer.toHexString(frame.length).getBytes(StandardCharsets.US_ASCII);
        ByteBuf chunk = allocator.directBuffer(size.length + frame.length + 2 * CRLF.length);
        return chunk.writeBytes(size).writeBytes(CRLF).writeBytes(frame).writeBytes(CRLF);
    }

    private static final class LastChunk {
        private byte[] frame;
        private ByteBuf chunk;

        void replace(byte[] newFrame, ByteBuf newChunk) {
            if (chunk != null) {
                chunk.release();
            }
            frame = newFrame;
            chunk = newChunk;
        }
    }
}
