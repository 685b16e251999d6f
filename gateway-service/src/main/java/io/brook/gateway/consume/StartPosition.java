package io.brook.gateway.consume;

/**
 * Where a stream starts on a partition the request's cursor does not cover: the earliest retained
 * record, the current end (only new records), or the first record at or after a timestamp.
 */
public sealed interface StartPosition {

    record Beginning() implements StartPosition {}

    record End() implements StartPosition {}

    record AtTimestamp(long epochMillis) implements StartPosition {}

    /** Parses {@code beginning}, {@code end} or epoch milliseconds; {@code null} means the end. */
    static StartPosition parse(String from) {
        if (from == null || from.isBlank() || from.equalsIgnoreCase("end") || from.equalsIgnoreCase("latest")) {
            return new End();
        }
        if (from.equalsIgnoreCase("beginning") || from.equalsIgnoreCase("earliest")) {
            return new Beginning();
        }
        try {
            long millis = Long.parseLong(from.trim());
            if (millis < 0) {
                throw new IllegalArgumentException("from must not be negative");
            }
            return new AtTimestamp(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "from must be beginning, end or a timestamp in epoch milliseconds, not '" + from + "'");
        }
    }
}
