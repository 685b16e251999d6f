package io.brook.broker.group;

import org.apache.kafka.common.Uuid;

/**
 * A topic as the consumer group protocol sees it: its id (assignments travel by id), its name (members subscribe by
 * name) and its partition count.
 */
public record ConsumerTopic(Uuid id, String name, int partitions) {

    public ConsumerTopic {
        if (id == null || name == null || partitions < 0) {
            throw new IllegalArgumentException(
                    "invalid topic " + name + " (" + id + ") with " + partitions + " partitions");
        }
    }
}
