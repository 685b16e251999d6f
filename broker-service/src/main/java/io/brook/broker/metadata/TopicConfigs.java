package io.brook.broker.metadata;

import io.brook.storage.FlushPolicy;
import io.brook.storage.LogConfig;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

/**
 * Resolves a topic's effective configuration from its overrides and the broker's defaults, validates overrides,
 * and turns the result into the storage engine's {@link LogConfig}. Immutable and thread-safe.
 */
public final class TopicConfigs {

    private final Map<TopicConfigKey, String> brokerDefaults;

    /** @param brokerDefaults broker-level defaults for topic configs, e.g. retention set on the command line */
    public TopicConfigs(Map<TopicConfigKey, String> brokerDefaults) {
        brokerDefaults.forEach((key, value) -> key.validate(value).ifPresent(reason -> {
            throw new IllegalArgumentException("broker default " + key.key() + "=" + value + ": " + reason);
        }));
        this.brokerDefaults = Map.copyOf(brokerDefaults);
    }

    /** Checks every override; throws INVALID_CONFIG naming the first bad key and why. */
    public void validate(Map<String, String> overrides) {
        overrides.forEach((name, value) -> {
            TopicConfigKey key = TopicConfigKey.forName(name)
                    .orElseThrow(() -> new InvalidConfigurationException("Unknown topic config name: " + name));
            key.validate(value).ifPresent(reason -> {
                throw new InvalidConfigurationException(
                        "Invalid value " + value + " for configuration " + name + ": " + reason);
            });
        });
    }

    /** Where a config's effective value comes from. */
    public enum Source {
        TOPIC,
        BROKER,
        DEFAULT
    }

    /** One effective config entry. */
    public record Entry(TopicConfigKey key, String value, Source source) {}

    /** Every known config with its effective value, sorted by name. */
    public Map<String, Entry> effective(Map<String, String> overrides) {
        Map<String, Entry> entries = new TreeMap<>();
        for (TopicConfigKey key : TopicConfigKey.values()) {
            entries.put(key.key(), resolve(key, overrides));
        }
        return entries;
    }

    public Entry resolve(TopicConfigKey key, Map<String, String> overrides) {
        String override = overrides.get(key.key());
        if (override != null) {
            return new Entry(key, override, Source.TOPIC);
        }
        String brokerDefault = brokerDefaults.get(key);
        if (brokerDefault != null) {
            return new Entry(key, brokerDefault, Source.BROKER);
        }
        return new Entry(key, key.defaultValue(), Source.DEFAULT);
    }

    public LogConfig toLogConfig(Map<String, String> overrides) {
        var cleanup = Arrays.stream(
                        value(TopicConfigKey.CLEANUP_POLICY, overrides).split(","))
                .map(String::trim)
                .toList();
        return new LogConfig(
                longValue(TopicConfigKey.SEGMENT_BYTES, overrides),
                longValue(TopicConfigKey.SEGMENT_MS, overrides),
                longValue(TopicConfigKey.RETENTION_MS, overrides),
                longValue(TopicConfigKey.RETENTION_BYTES, overrides),
                (int) longValue(TopicConfigKey.MAX_MESSAGE_BYTES, overrides),
                value(TopicConfigKey.MESSAGE_TIMESTAMP_TYPE, overrides).equals("LogAppendTime")
                        ? TimestampType.LOG_APPEND_TIME
                        : TimestampType.CREATE_TIME,
                (int) longValue(TopicConfigKey.INDEX_INTERVAL_BYTES, overrides),
                (int) longValue(TopicConfigKey.SEGMENT_INDEX_BYTES, overrides),
                flushPolicy(overrides),
                cleanup.contains("compact"),
                cleanup.contains("delete"),
                longValue(TopicConfigKey.DELETE_RETENTION_MS, overrides),
                Double.parseDouble(value(TopicConfigKey.MIN_CLEANABLE_DIRTY_RATIO, overrides)),
                longValue(TopicConfigKey.MIN_COMPACTION_LAG_MS, overrides),
                longValue(TopicConfigKey.MAX_COMPACTION_LAG_MS, overrides));
    }

    public int minInsyncReplicas(Map<String, String> overrides) {
        return (int) longValue(TopicConfigKey.MIN_INSYNC_REPLICAS, overrides);
    }

    /** flush.messages=1 acknowledges only flushed batches; a finite flush.ms flushes on a timer; else the OS. */
    private FlushPolicy flushPolicy(Map<String, String> overrides) {
        if (longValue(TopicConfigKey.FLUSH_MESSAGES, overrides) == 1) {
            return FlushPolicy.everyBatch();
        }
        long flushMs = longValue(TopicConfigKey.FLUSH_MS, overrides);
        return flushMs == Long.MAX_VALUE ? FlushPolicy.pageCache() : FlushPolicy.interval(flushMs);
    }

    private String value(TopicConfigKey key, Map<String, String> overrides) {
        return resolve(key, overrides).value().trim();
    }

    private long longValue(TopicConfigKey key, Map<String, String> overrides) {
        return Long.parseLong(value(key, overrides));
    }

    /** Parses broker defaults given by Kafka topic config name. */
    public static TopicConfigs fromNames(Map<String, String> defaultsByName) {
        Map<TopicConfigKey, String> defaults = new HashMap<>();
        defaultsByName.forEach((name, value) -> defaults.put(
                TopicConfigKey.forName(name)
                        .orElseThrow(() -> new IllegalArgumentException("unknown topic config " + name)),
                value));
        return new TopicConfigs(defaults);
    }
}
