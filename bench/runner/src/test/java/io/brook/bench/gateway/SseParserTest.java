package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

    private static final String STREAM = ":stream of fanout from 0:0\n"
            + "retry:1000\n"
            + "\n"
            + "id:0:1\n"
            + "event:record\n"
            + "data:{\"topic\":\"fanout\",\"partition\":0,\"offset\":0,\"timestamp\":1700000000123,"
            + "\"timestampType\":\"CreateTime\",\"key\":\"k-000000\",\"value\":{\"timestamp\":5},\"headers\":{}}\n"
            + "\n"
            + ":heartbeat\n"
            + "\n"
            + "id:0:2\r\n"
            + "event:record\r\n"
            + "data:{\"topic\":\"fanout\",\"partition\":0,\"offset\":1,\"timestamp\": 1700000000456}\r\n"
            + "\r\n";

    private final List<String> seen = new ArrayList<>();
    private final SseParser parser = new SseParser(new SseParser.Listener() {
        @Override
        public void comment() {
            seen.add("comment");
        }

        @Override
        public void event(long timestampMs) {
            seen.add("event " + timestampMs);
        }
    });

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 10_000})
    void readsCommentsAndRecordTimestampsWhateverTheChunking(int chunk) {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += chunk) {
            parser.feed(Unpooled.wrappedBuffer(bytes), at, Math.min(at + chunk, bytes.length));
        }

        assertThat(seen).containsExactly("comment", "event 1700000000123", "comment", "event 1700000000456");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 10_000})
    void readsBuffersALineAtATimeWhateverTheChunking(int chunk) {
        ByteBuf buffer = Unpooled.copiedBuffer("xx" + STREAM + "yy", StandardCharsets.UTF_8);
        int end = buffer.writerIndex() - 2;
        for (int at = 2; at < end; at += chunk) {
            parser.feed(buffer, at, Math.min(at + chunk, end));
        }

        assertThat(seen).containsExactly("comment", "event 1700000000123", "comment", "event 1700000000456");
    }

    @Test
    void ignoresEventsWithoutATimestampAndIncompleteEvents() {
        feed("event:record\ndata:{\"offset\":3}\n\ndata:{\"timestamp\":\"soon\"}\n\ndata:{\"timestamp\":42}\n");

        assertThat(seen).isEmpty();
    }

    @Test
    void keepsTheHeadOfOverlongLines() {
        feed("data:{\"timestamp\":99,\"value\":\"" + "x".repeat(5_000) + "\"}\n\n");

        assertThat(seen).containsExactly("event 99");
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    }
}
