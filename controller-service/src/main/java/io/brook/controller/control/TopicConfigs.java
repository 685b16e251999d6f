package io.brook.controller.control;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * Checks topic config overrides before they become records: names must be Kafka topic configs (the
 * {@code *_CONFIG} names of {@link TopicConfig}) and values present. Value syntax is the brokers' business, as
 * their defaults are; only {@code unclean.leader.election.enable} is checked here because the controller itself reads
 * it.
 */
final class TopicConfigs {

    static final Set<String> NAMES = topicConfigNames();

    private TopicConfigs() {}

    /** @throws InvalidConfigurationException naming the first offending entry */
    static void validate(Map<String, String> configs) {
        for (Map.Entry<String, String> entry : configs.entrySet()) {
            String name = entry.getKey();
            if (name == null || !NAMES.contains(name)) {
                throw new InvalidConfigurationException("Unknown topic config name: " + name);
            }
            String value = entry.getValue();
            if (value == null) {
                throw new InvalidConfigurationException("Topic config " + name + " has no value");
            }
            if (name.equals(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG)
                    && !value.equalsIgnoreCase("true")
                    && !value.equalsIgnoreCase("false")) {
                throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                        + ": Expected value to be either true" + " or false");
            }
        }
    }

    private static Set<String> topicConfigNames() {
        Set<String> names = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class
                    && field.getName().endsWith("_CONFIG")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot read " + field, e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
