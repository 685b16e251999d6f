package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedSseHandlerTest {

    private static final String HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + "Transfer-Encoding: chunked\r\n\r\n";
    private static final String OPENING = "retry:1000\n\n:stream of fanout from 0:0\n\n";
    private static final String EVENT = "id:0:1\nevent:record\ndata:{\"partition\":0,\"offset\":0,"
            + "\"timestamp\":1700000000123,\"value\":{}}\n\n";

    private final SseSubscriber.Shared shared = new SseSubscriber.Shared(1_000);
    private final SseSubscriber subscriber = new SseSubscriber(shared);
    private final List<String> errors = new ArrayList<>();

    private EmbeddedChannel channel() {
        shared.measureFromMs().set(0);
        return new EmbeddedChannel(new ChunkedSseHandler("localhost", 8080, "/v1/e", subscriber, errors::add));
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    @Test
    void sendsTheRequest() {
        EmbeddedChannel channel = channel();

        ByteBuf request = channel.readOutbound();
        assertThat(request.toString(StandardCharsets.US_ASCII))
                .isEqualTo("GET /v1/e HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/event-stream\r\n\r\n");
        request.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 10_000})
    void readsEventsHoweverTheBytesAreSplit(int pieceSize) {
        EmbeddedChannel channel = channel();
        byte[] bytes = (HEAD + chunk(OPENING) + chunk(EVENT) + "3;ext=1\r\n:x\n\r\n" + chunk(EVENT + EVENT))
                .getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < bytes.length; i += pieceSize) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, bytes.length - i)));
        }

        assertThat(subscriber.isOpen()).isTrue();
        assertThat(subscriber.received()).isEqualTo(3);
        assertThat(errors).isEmpty();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void theLastChunkEndsTheStream() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(Unpooled.copiedBuffer(HEAD + chunk(EVENT) + "0\r\n\r\n", StandardCharsets.UTF_8));

        assertThat(subscriber.received()).isEqualTo(1);
        assertThat(channel.isActive()).isFalse();
        assertThat(subscriber.closed()).isTrue();
    }

    @Test
    void anErrorStatusFailsTheConnection() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(
                Unpooled.copiedBuffer("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}", StandardCharsets.UTF_8));

        assertThat(errors).containsExactly("HTTP/1.1 404 Not Found");
        assertThat(channel.isActive()).isFalse();
        assertThat(subscriber.received()).isZero();
    }

    @Test
    void aBodyThatIsNotChunkedFailsTheConnection() {
        EmbeddedChannel channel = channel();

        channel.writeInbound(
                Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", StandardCharsets.UTF_8));

        assertThat(errors).containsExactly("not a chunked body: HTTP/1.1 200 OK");
    }
}
