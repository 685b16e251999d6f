package io.brook.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseChunksTest {

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void framesAsOneHttpChunk() {
        ByteBuf chunk = SseChunks.encode(frame("id:0:1\ndata:{\"a\":\"é\"}\n\n"), allocator);

        // 24 bytes: the "é" is two in UTF-8.
        assertThat(chunk.toString(StandardCharsets.UTF_8)).isEqualTo("18\r\nid:0:1\ndata:{\"a\":\"é\"}\n\n\r\n");
        assertThat(chunk.isDirect()).isTrue();
        chunk.release();
    }

    @Test
    void theSameFrameSharesOneBufferOnAThread() {
        byte[] shared = frame(":heartbeat\n\n");

        ByteBuf first = SseChunks.chunk(shared, allocator);
        ByteBuf second = SseChunks.chunk(shared, allocator);
        ByteBuf other = SseChunks.chunk(frame(":heartbeat\n\n"), allocator);

        assertThat(second.memoryAddress()).isEqualTo(first.memoryAddress());
        assertThat(other.memoryAddress()).isNotEqualTo(first.memoryAddress());
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("c\r\n:heartbeat\n\n\r\n");
        // Each write owns its duplicate: reading one moves no other.
        first.skipBytes(3);
        assertThat(second.readerIndex()).isZero();
        // The cache let go of the first chunk when it built the other; the writes' duplicates free it.
        assertThat(first.release()).isFalse();
        assertThat(second.release()).isTrue();
        other.release();
    }

    @Test
    void refusesAnEmptyFrame() {
        assertThatThrownBy(() -> SseChunks.encode(new byte[0], allocator))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends an HTTP/1.1 body");
    }
}
