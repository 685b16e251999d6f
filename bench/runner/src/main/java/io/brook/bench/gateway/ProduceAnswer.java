package io.brook.bench.gateway;

/**
 * Reads a gateway produce answer ({@code {"offsets":[{"partition":0,"offset":12,"timestamp":...},...]}}) just far
 * enough to count it: entries with an {@code "offset":} number are written records, entries with an {@code "error":}
 * are not. A string scan, not a JSON parser: it runs once per 500 records on the load client's event loop.
 *
 * @param written records the answer gives an offset for
 * @param failed records the answer gives an error for
 */
record ProduceAnswer(int written, int failed) {

    private static final String OFFSET = "\"offset\":";
    private static final String ERROR = "\"error\":";

    static ProduceAnswer parse(String body) {
        return new ProduceAnswer(occurrences(body, OFFSET), occurrences(body, ERROR));
    }

    private static int occurrences(String body, String needle) {
        int count = 0;
        for (int at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
