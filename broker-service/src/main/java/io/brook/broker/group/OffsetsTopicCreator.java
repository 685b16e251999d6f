package io.brook.broker.group;

import io.brook.broker.metadata.MetadataStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code __consumer_offsets} the first time a group needs a coordinator, as Kafka does: with the configured
 * replication factor capped by the brokers alive at that moment, so a cluster that is still starting gets a usable
 * topic. One creation at a time; until it is visible, FindCoordinator answers COORDINATOR_NOT_AVAILABLE and clients
 * retry. Thread-safe.
 */
public final class OffsetsTopicCreator {

    private static final Logger log = LoggerFactory.getLogger(OffsetsTopicCreator.class);

    /** Compacted, with 100 MiB segments, as Kafka creates it. */
    public static final Map<String, String> CONFIGS = Map.of("cleanup.policy", "compact", "segment.bytes", "104857600");

    private final MetadataStore metadata;
    private final int partitions;
    private final short replicationFactor;
    private final AtomicBoolean creating = new AtomicBoolean();

    public OffsetsTopicCreator(MetadataStore metadata, int partitions, short replicationFactor) {
        this.metadata = metadata;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** Starts the creation unless the topic exists or is being created; never blocks. */
    public void ensureCreated() {
        if (metadata.image().topic(GroupConfig.OFFSETS_TOPIC).isPresent() || !creating.compareAndSet(false, true)) {
            return;
        }
        int live = metadata.image().brokers().size();
        short factor = (short) Math.max(1, Math.min(replicationFactor, live));
        CompletableFuture<?> created;
        try {
            created = metadata.createTopic(GroupConfig.OFFSETS_TOPIC, partitions, factor, CONFIGS, false);
        } catch (RuntimeException e) {
            created = CompletableFuture.failedFuture(e);
        }
        created.whenComplete((topic, error) -> {
            creating.set(false);
            if (error != null) {
                log.info(
                        "Creating {} failed, the next FindCoordinator retries: {}",
                        GroupConfig.OFFSETS_TOPIC,
                        error.toString());
            } else {
                log.info(
                        "Created {} with {} partitions and replication factor {}",
                        GroupConfig.OFFSETS_TOPIC,
                        partitions,
                        factor);
            }
        });
    }
}
