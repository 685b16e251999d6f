package io.brook.broker.metadata;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The topic configs Brook understands, with Kafka's names, types and defaults. Values are kept as strings, as
 * the protocol carries them; {@link #validate} says whether a value is acceptable.
 */
public enum TopicConfigKey {
    CLEANUP_POLICY("cleanup.policy", Type.LIST, "delete"),
    COMPRESSION_TYPE("compression.type", Type.STRING, "producer"),
    DELETE_RETENTION_MS("delete.retention.ms", Type.LONG, "86400000"),
    FILE_DELETE_DELAY_MS("file.delete.delay.ms", Type.LONG, "60000"),
    FLUSH_MESSAGES("flush.messages", Type.LONG, String.valueOf(Long.MAX_VALUE)),
    FLUSH_MS("flush.ms", Type.LONG, String.valueOf(Long.MAX_VALUE)),
    INDEX_INTERVAL_BYTES("index.interval.bytes", Type.INT, "4096"),
    MAX_COMPACTION_LAG_MS("max.compaction.lag.ms", Type.LONG, String.valueOf(Long.MAX_VALUE)),
    MAX_MESSAGE_BYTES("max.message.bytes", Type.INT, "1048588"),
    MESSAGE_TIMESTAMP_TYPE("message.timestamp.type", Type.STRING, "CreateTime"),
    MIN_CLEANABLE_DIRTY_RATIO("min.cleanable.dirty.ratio", Type.DOUBLE, "0.5"),
    MIN_COMPACTION_LAG_MS("min.compaction.lag.ms", Type.LONG, "0"),
    MIN_INSYNC_REPLICAS("min.insync.replicas", Type.INT, "1"),
    RETENTION_BYTES("retention.bytes", Type.LONG, "-1"),
    RETENTION_MS("retention.ms", Type.LONG, "604800000"),
    SEGMENT_BYTES("segment.bytes", Type.INT, "1073741824"),
    SEGMENT_INDEX_BYTES("segment.index.bytes", Type.INT, "10485760"),
    SEGMENT_MS("segment.ms", Type.LONG, "604800000"),
    UNCLEAN_LEADER_ELECTION_ENABLE("unclean.leader.election.enable", Type.BOOLEAN, "false");

    /** How a value is parsed. */
    public enum Type {
        STRING,
        INT,
        LONG,
        DOUBLE,
        BOOLEAN,
        LIST
    }

    private static final Map<String, TopicConfigKey> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(k -> k.key, Function.identity()));

    private final String key;
    private final Type type;
    private final String defaultValue;

    TopicConfigKey(String key, Type type, String defaultValue) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public static Optional<TopicConfigKey> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Why {@code value} is not acceptable for this key, or empty if it is. */
    public Optional<String> validate(String value) {
        if (value == null) {
            return Optional.of("a value is required");
        }
        try {
            switch (type) {
                case INT -> checkRange(Integer.parseInt(value.trim()));
                case LONG -> checkRange(Long.parseLong(value.trim()));
                case DOUBLE -> checkRatio(Double.parseDouble(value.trim()));
                case BOOLEAN -> checkBoolean(value.trim());
                case LIST, STRING -> checkChoice(value.trim());
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void checkRange(long value) {
        long min = switch (this) {
            case RETENTION_MS, RETENTION_BYTES -> -1;
            case SEGMENT_BYTES -> 14;
            case SEGMENT_INDEX_BYTES -> 8;
            case MAX_MESSAGE_BYTES, SEGMENT_MS, FLUSH_MESSAGES, FLUSH_MS, MIN_INSYNC_REPLICAS -> 1;
            default -> 0;
        };
        if (value < min) {
            throw new IllegalArgumentException("must be at least " + min);
        }
    }

    private static void checkRatio(double value) {
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException("must be between 0 and 1");
        }
    }

    private static void checkBoolean(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
    }

    private void checkChoice(String value) {
        Set<String> allowed = switch (this) {
            case CLEANUP_POLICY -> Set.of("delete", "compact");
            // Batches are stored as produced; recompressing on the broker is not offered.
            case COMPRESSION_TYPE -> Set.of("producer");
            case MESSAGE_TIMESTAMP_TYPE -> Set.of("CreateTime", "LogAppendTime");
            default -> Set.of();
        };
        if (allowed.isEmpty()) {
            return;
        }
        if (type == Type.LIST) {
            for (String item : value.split(",")) {
                if (!allowed.contains(item.trim())) {
                    throw new IllegalArgumentException("'" + item.trim() + "' is not one of " + allowed);
                }
            }
        } else if (!allowed.contains(value)) {
            throw new IllegalArgumentException("must be one of " + allowed);
        }
    }
}
