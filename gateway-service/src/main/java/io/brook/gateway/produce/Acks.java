package io.brook.gateway.produce;

import java.util.Locale;

/** The producer acknowledgement a request asks for: {@code all} (default), {@code 1} or {@code 0}. */
public enum Acks {
    ALL("all"),
    LEADER("1"),
    NONE("0");

    private final String config;

    Acks(String config) {
        this.config = config;
    }

    /** The value of the producer's {@code acks} setting. */
    public String config() {
        return config;
    }

    /** Parses a request's {@code acks} parameter; {@code null} means {@link #ALL}. */
    public static Acks parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "all", "-1" -> ALL;
            case "1", "leader" -> LEADER;
            case "0", "none" -> NONE;
            default -> throw new IllegalArgumentException("acks must be all, 1 or 0, not '" + value + "'");
        };
    }
}
