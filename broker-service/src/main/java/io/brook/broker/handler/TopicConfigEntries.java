package io.brook.broker.handler;

import io.brook.broker.metadata.TopicConfigKey;
import io.brook.broker.metadata.TopicConfigs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Describes topic configs as the protocol reports them: the effective value, where it comes from, its type, and
 * its synonyms (the topic override, then the broker config it falls back to, then the built-in default, as Kafka
 * lists them). Used by CreateTopics (v5+ returns the new topic's configs) and DescribeConfigs.
 *
 * <p>Topic configs are never sensitive and can all be altered, so {@code isSensitive} and {@code readOnly} are
 * false. Immutable and thread-safe.
 */
final class TopicConfigEntries {

    private static final Map<String, TopicConfigKey> BY_BROKER_SYNONYM = Arrays.stream(TopicConfigKey.values())
            .collect(Collectors.toUnmodifiableMap(TopicConfigEntries::brokerSynonym, Function.identity()));

    private final TopicConfigs topicConfigs;

    TopicConfigEntries(TopicConfigs topicConfigs) {
        this.topicConfigs = topicConfigs;
    }

    /** The broker config a topic config falls back to, by Kafka's name (retention.ms → log.retention.ms). */
    static String brokerSynonym(TopicConfigKey key) {
        return switch (key) {
            case CLEANUP_POLICY -> "log.cleanup.policy";
            case COMPRESSION_TYPE -> "compression.type";
            case DELETE_RETENTION_MS -> "log.cleaner.delete.retention.ms";
            case FILE_DELETE_DELAY_MS -> "log.segment.delete.delay.ms";
            case FLUSH_MESSAGES -> "log.flush.interval.messages";
            case FLUSH_MS -> "log.flush.interval.ms";
            case INDEX_INTERVAL_BYTES -> "log.index.interval.bytes";
            case MAX_COMPACTION_LAG_MS -> "log.cleaner.max.compaction.lag.ms";
            case MAX_MESSAGE_BYTES -> "message.max.bytes";
            case MESSAGE_TIMESTAMP_TYPE -> "log.message.timestamp.type";
            case MIN_CLEANABLE_DIRTY_RATIO -> "log.cleaner.min.cleanable.ratio";
            case MIN_COMPACTION_LAG_MS -> "log.cleaner.min.compaction.lag.ms";
            case MIN_INSYNC_REPLICAS -> "min.insync.replicas";
            case RETENTION_BYTES -> "log.retention.bytes";
            case RETENTION_MS -> "log.retention.ms";
            case SEGMENT_BYTES -> "log.segment.bytes";
            case SEGMENT_INDEX_BYTES -> "log.index.size.max.bytes";
            case SEGMENT_MS -> "log.roll.ms";
            case UNCLEAN_LEADER_ELECTION_ENABLE -> "unclean.leader.election.enable";
        };
    }

    /** The DescribeConfigs config type (v3+) of a topic config. */
    static byte configType(TopicConfigKey key) {
        ConfigType type = switch (key.type()) {
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case BOOLEAN -> ConfigType.BOOLEAN;
            case LIST -> ConfigType.LIST;
        };
        return type.id();
    }

    /** The config type of a broker config: known for the broker synonyms of topic configs, UNKNOWN otherwise. */
    static byte brokerConfigType(String brokerConfigName) {
        TopicConfigKey key = BY_BROKER_SYNONYM.get(brokerConfigName);
        return key == null ? ConfigType.UNKNOWN.id() : configType(key);
    }

    static byte configSource(TopicConfigs.Source source) {
        ConfigSource configSource = switch (source) {
            case TOPIC -> ConfigSource.TOPIC_CONFIG;
            case BROKER -> ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT -> ConfigSource.DEFAULT_CONFIG;
        };
        return configSource.id();
    }

    /** Every topic config with its effective value, sorted by name. */
    List<DescribeConfigsResourceResult> describe(Map<String, String> overrides, boolean includeSynonyms) {
        return topicConfigs.effective(overrides).values().stream()
                .map(entry -> describe(entry, overrides, includeSynonyms))
                .toList();
    }

    private DescribeConfigsResourceResult describe(
            TopicConfigs.Entry entry, Map<String, String> overrides, boolean includeSynonyms) {
        return new DescribeConfigsResourceResult()
                .setName(entry.key().key())
                .setValue(entry.value())
                .setReadOnly(false)
                .setConfigSource(configSource(entry.source()))
                .setIsSensitive(false)
                .setSynonyms(includeSynonyms ? synonyms(entry.key(), overrides) : new ArrayList<>())
                .setConfigType(configType(entry.key()))
                .setDocumentation(null);
    }

    /** The values a topic config resolves through, most specific first. */
    List<DescribeConfigsSynonym> synonyms(TopicConfigKey key, Map<String, String> overrides) {
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>(3);
        String override = overrides.get(key.key());
        if (override != null) {
            synonyms.add(synonym(key.key(), override, ConfigSource.TOPIC_CONFIG));
        }
        TopicConfigs.Entry withoutOverride = topicConfigs.resolve(key, Map.of());
        if (withoutOverride.source() == TopicConfigs.Source.BROKER) {
            synonyms.add(synonym(brokerSynonym(key), withoutOverride.value(), ConfigSource.STATIC_BROKER_CONFIG));
        }
        synonyms.add(synonym(brokerSynonym(key), key.defaultValue(), ConfigSource.DEFAULT_CONFIG));
        return synonyms;
    }

    private static DescribeConfigsSynonym synonym(String name, String value, ConfigSource source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source.id());
    }

    /** A new topic's effective configs as CreateTopics returns them from v5. */
    List<CreatableTopicConfigs> creatableTopicConfigs(Map<String, String> overrides) {
        return topicConfigs.effective(overrides).values().stream()
                .map(entry -> new CreatableTopicConfigs()
                        .setName(entry.key().key())
                        .setValue(entry.value())
                        .setReadOnly(false)
                        .setConfigSource(configSource(entry.source()))
                        .setIsSensitive(false))
                .collect(Collectors.toCollection(ArrayList::new));
    }
}
