package io.brook.broker.group;

import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The cluster's topics, as consumer groups resolve subscriptions and describe assignments. Implementations read
 * the broker's current metadata and are safe to call from a shard's thread.
 */
public interface ConsumerTopics {

    /** No topics at all: every subscription resolves to nothing. */
    ConsumerTopics NONE = new ConsumerTopics() {
        @Override
        public Optional<ConsumerTopic> byName(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ConsumerTopic> byId(Uuid id) {
            return Optional.empty();
        }
    };

    Optional<ConsumerTopic> byName(String name);

    Optional<ConsumerTopic> byId(Uuid id);
}
