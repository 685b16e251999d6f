package io.brook.broker.group;

import org.apache.kafka.common.TopicPartition;

/**
 * Told of each committed offset applied or removed, on the owning shard's thread (so implementations shared by
 * shards must be thread-safe). The lag gauges keep their copy this way.
 */
public interface OffsetListener {

    OffsetListener NONE = new OffsetListener() {
        @Override
        public void committed(String groupId, TopicPartition tp, long offset) {}

        @Override
        public void removed(String groupId, TopicPartition tp) {}
    };

    void committed(String groupId, TopicPartition tp, long offset);

    void removed(String groupId, TopicPartition tp);
}
