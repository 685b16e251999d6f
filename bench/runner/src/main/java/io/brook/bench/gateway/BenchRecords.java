package io.brook.bench.gateway;

import java.nio.charset.StandardCharsets;

/**
 * The records both produce rows send: a string key {@code k-NNNNNN} per record and a JSON object value of exactly
 * {@link #VALUE_SIZE} bytes (compact, integers only, so the gateway's JSON re-encoding writes the same bytes the
 * native client sends). Records repeat every {@link #DISTINCT} indexes, so the HTTP client can pre-build a few request
 * bodies and reuse them while sending the same records as the native client. Thread-safe: the encoded records are built once and only read.
 */
final class BenchRecords {

    static final int VALUE_SIZE = 100;
    static final int DISTINCT = 2_000;

    private BenchRecords() {}

    static String key(long index) {
        return String.format("k-%06d", index % DISTINCT);
    }

    /** The value of record {@code index} as JSON text of {@link #VALUE_SIZE} ASCII bytes. */
    static String value(long index) {
        long i = index % DISTINCT;
        String head = String.format(
                "{\"seq\":%d,\"user\":\"user-%05d\",\"action\":\"view\",\"page\":\"/catalog/items/%04d\",\"note\":\"",
                i, i % 977, i % 7919);
        String tail = "\"}";
        return head + "x".repeat(VALUE_SIZE - head.length() - tail.length()) + tail;
    }

    /** The key of record {@code index}; a shared array built once, not to be modified. */
    static byte[] keyBytes(long index) {
        return Encoded.KEYS[(int) (index % DISTINCT)];
    }

    /** The value of record {@code index}; a shared array built once, not to be modified. */
    static byte[] valueBytes(long index) {
        return Encoded.VALUES[(int) (index % DISTINCT)];
    }

    /** The distinct records as bytes, so a producing loop spends nothing on formatting. */
    private static final class Encoded {
        static final byte[][] KEYS = new byte[DISTINCT][];
        static final byte[][] VALUES = new byte[DISTINCT][];

        static {
            for (int i = 0; i < DISTINCT; i++) {
                KEYS[i] = key(i).getBytes(StandardCharsets.US_ASCII);
                VALUES[i] = value(i).getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    /** A produce request body of {@code count} records starting at {@code first}: {@code {"records":[...]}}. */
    static byte[] requestBody(long first, int count) {
        StringBuilder body = new StringBuilder(count * (VALUE_SIZE + 32)).append("{\"records\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"key\":\"")
                    .append(key(first + i))
                    .append("\",\"value\":")
                    .append(value(first + i))
                    .append('}');
        }
        return body.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
