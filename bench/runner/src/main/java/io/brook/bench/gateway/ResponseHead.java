package io.brook.bench.gateway;

import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * The status line and headers of one HTTP/1.1 response, read off a connection's bytes as they come, for the bench's
 * plain Netty clients. Reusable: {@link #reset()} before the next response of a keep-alive connection.
 */
final class ResponseHead {

    private static final int MAX_HEAD = 16 * 1024;

    private final StringBuilder text = new StringBuilder(256);
    private boolean complete;
    private String statusLine;
    private String lowerCaseHeaders;

    /**
     * Consumes bytes of {@code buffer} up to the end of the head; returns whether the head is complete (the rest of
     * the buffer is body). Throws {@link IllegalStateException} for a head over 16 KiB.
     */
    boolean read(ByteBuf buffer) {
        while (!complete && buffer.isReadable()) {
            text.append((char) buffer.readByte());
            int length = text.length();
            if (length >= 4
                    && text.charAt(length - 1) == '\n'
                    && text.charAt(length - 2) == '\r'
                    && text.charAt(length - 3) == '\n'
                    && text.charAt(length - 4) == '\r') {
                complete = true;
                String head = text.toString();
                statusLine = head.substring(0, head.indexOf('\r'));
                lowerCaseHeaders = head.toLowerCase(Locale.ROOT);
            } else if (length > MAX_HEAD) {
                throw new IllegalStateException("response head over " + MAX_HEAD + " bytes");
            }
        }
        return complete;
    }

    String statusLine() {
        return statusLine;
    }

    boolean isOk() {
        return statusLine.startsWith("HTTP/1.1 200");
    }

    boolean isChunked() {
        return lowerCaseHeaders.contains("\ntransfer-encoding: chunked");
    }

    /** The Content-Length header's value, or -1 without one. */
    long contentLength() {
        int at = lowerCaseHeaders.indexOf("\ncontent-length:");
        if (at < 0) {
            return -1;
        }
        int end = lowerCaseHeaders.indexOf('\r', at + 1);
        return Long.parseLong(lowerCaseHeaders
                .substring(at + "\ncontent-length:".length(), end)
                .trim());
    }

    void reset() {
        text.setLength(0);
        complete = false;
        statusLine = null;
        lowerCaseHeaders = null;
    }
}
