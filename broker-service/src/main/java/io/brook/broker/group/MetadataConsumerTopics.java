package io.brook.broker.group;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.TopicImage;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;

/**
 * The cluster's topics as consumer groups see them, read from the broker's current metadata image on every call
 * (so a created topic or added partitions show up at the next heartbeat). Internal topics are left out, as no
 * consumer subscribes to them through a group. Thread-safe: images are immutable.
 */
public final class MetadataConsumerTopics implements ConsumerTopics {

    private final Supplier<MetadataImage> image;

    public MetadataConsumerTopics(Supplier<MetadataImage> image) {
        this.image = image;
    }

    @Override
    public Optional<ConsumerTopic> byName(String name) {
        return image.get().topic(name).flatMap(MetadataConsumerTopics::consumable);
    }

    @Override
    public Optional<ConsumerTopic> byId(Uuid id) {
        return image.get().topic(id).flatMap(MetadataConsumerTopics::consumable);
    }

    private static Optional<ConsumerTopic> consumable(TopicImage topic) {
        if (topic.isInternal() || topic.id() == null) {
            return Optional.empty();
        }
        return Optional.of(new ConsumerTopic(topic.id(), topic.name(), topic.partitionCount()));
    }
}
