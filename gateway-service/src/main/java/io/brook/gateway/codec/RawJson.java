package io.brook.gateway.codec;

import java.util.Arrays;

/**
 * A JSON value as the client wrote it: the bytes {@code [start, end)} of {@code source} (usually
 * the request body, shared by every value of the request, never copied or changed), and, when the
 * value is a JSON string, its decoded text. {@link #NULL} stands for a JSON {@code null} or an
 * absent field. Immutable as long as nobody writes to {@code source}.
 */
public record RawJson(byte[] source, int start, int end, String text) {

    /** A JSON {@code null}, or no value at all. */
    public static final RawJson NULL = new RawJson(null, 0, 0, null);

    /** Whether this is a JSON {@code null} (or an absent field). */
    public boolean isNull() {
        return source == null;
    }

    /** Whether this is a JSON string; then {@link #text()} is its decoded content. */
    public boolean isString() {
        return text != null;
    }

    /** A copy of the value's JSON text, exactly as written. */
    public byte[] jsonBytes() {
        return Arrays.copyOfRange(source, start, end);
    }
}
