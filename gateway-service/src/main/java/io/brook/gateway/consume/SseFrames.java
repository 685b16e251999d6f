package io.brook.gateway.consume;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the bytes of server-sent events (the {@code text/event-stream} format): a chunk of events
 * becomes one buffer, written and flushed at once. Data must be a single line (compact JSON is).
 */
public final class SseFrames {

    private static final byte[] ID = "id:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD = "\nevent:record\ndata:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out;

    public SseFrames(int expectedBytes) {
        this.out = new ByteArrayOutputStream(expectedBytes);
    }

    /** A {@code record} event with {@code id} and one line of data. */
    public SseFrames record(String id, byte[] data) {
        out.writeBytes(ID);
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(RECORD);
        out.writeBytes(data);
        out.writeBytes(END);
        return this;
    }

    /** Bytes of events built before. */
    public SseFrames append(byte[] events) {
        out.writeBytes(events);
        return this;
    }

    /** A comment line, which clients ignore (heartbeats, the stream's opening line). */
    public SseFrames comment(String text) {
        out.writeBytes((":" + text + "\n\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The reconnection delay an EventSource should use. */
    public SseFrames retry(long millis) {
        out.writeBytes(("retry:" + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
