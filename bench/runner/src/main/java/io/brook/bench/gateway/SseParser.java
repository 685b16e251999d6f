package io.brook.bench.gateway;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * A minimal, allocation-free reader of one {@code text/event-stream} as the gateway writes it, fed a buffer slice at a time.
 *
 * <p>Lines end with {@code \n} (a preceding {@code \r} is dropped); a blank line ends an event. A line starting with
 * {@code :} is a comment: the gateway opens every stream with one ({@code :stream of <topic> from ...}) and sends
 * {@code :heartbeat} when idle. Of an event, only the first {@code "timestamp":} number in its {@code data:} lines is
 * read (the record's own timestamp comes before its key and value in the gateway's JSON); an event with no such number
 * is ignored. Lines longer than the buffer are cut; the number is searched in what was kept, which holds the whole
 * record header. One instance per connection, used by one thread at a time.
 */
final class SseParser {

    /** What the parser found. Called on the feeding thread. */
    interface Listener {
        /** A comment line, such as the opening {@code :stream of ...} or a heartbeat. */
        void comment();

        /** The end of an event whose data held {@code "timestamp":} followed by a number. */
        void event(long timestampMs);
    }

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = "\"timestamp\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_KEPT = 512;

    private final Listener listener;
    private final byte[] line = new byte[MAX_KEPT];
    private int length;
    private long timestamp = -1;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    /**
     * Feeds {@code buffer}'s bytes {@code [from, to)} a line at a time: each line end is found with Netty's
     * {@code indexOf} and the line's kept part copied in bulk, rather than a byte at a time.
     */
    void feed(ByteBuf buffer, int from, int to) {
        int at = from;
        while (at < to) {
            int lineFeed = buffer.indexOf(at, to, (byte) '\n');
            int end = lineFeed < 0 ? to : lineFeed;
            int kept = Math.min(end - at, MAX_KEPT - length);
            if (kept > 0) {
                buffer.getBytes(at, line, length, kept);
                length += kept;
            }
            if (lineFeed < 0) {
                return;
            }
            endOfLine();
            at = lineFeed + 1;
        }
    }

    private void endOfLine() {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        length = 0;
        if (end == 0) {
            if (timestamp >= 0) {
                listener.event(timestamp);
            }
            timestamp = -1;
        } else if (line[0] == ':') {
            listener.comment();
        } else if (timestamp < 0 && startsWith(DATA, end)) {
            timestamp = number(indexOf(TIMESTAMP, end), end);
        }
    }

    private boolean startsWith(byte[] prefix, int end) {
        if (end < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index just after the first occurrence of {@code needle} in the line, or -1. */
    private int indexOf(byte[] needle, int end) {
        outer:
        for (int i = 0; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (line[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i + needle.length;
        }
        return -1;
    }

    /** The non-negative decimal number starting at {@code from}, or -1 if there is none. */
    private long number(int from, int end) {
        if (from < 0) {
            return -1;
        }
        long value = 0;
        int i = from;
        while (i < end && line[i] == ' ') {
            i++;
        }
        int digits = 0;
        for (; i < end && line[i] >= '0' && line[i] <= '9'; i++, digits++) {
            value = value * 10 + (line[i] - '0');
        }
        return digits == 0 ? -1 : value;
    }
}
