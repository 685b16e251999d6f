package io.brook.broker.metadata;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster metadata the broker acts on, and the admin operations that change it.
 *
 * <p>On one node the store is {@link LocalMetadataStore}, a file in the data folder; in a cluster the controller
 * quorum implements it and the broker follows its ordered change stream. Operations complete once the change is
 * durable and listeners have seen it; they fail with Kafka's {@code ApiException}s
 * ({@code TopicExistsException}, {@code UnknownTopicOrPartitionException}, {@code InvalidPartitionsException},
 * {@code InvalidConfigurationException}, ...), which map one-to-one to protocol error codes. Thread-safe.
 */
public interface MetadataStore extends AutoCloseable {

    MetadataImage image();

    /** Records that a broker serves at this endpoint (once its listener is bound), replacing an earlier entry. */
    CompletableFuture<Void> registerBroker(BrokerImage broker);

    /** Registers a listener; it sees every change committed after this call. */
    void addListener(MetadataListener listener);

    CompletableFuture<TopicImage> createTopic(
            String name, int partitions, short replicationFactor, Map<String, String> configs, boolean validateOnly);

    CompletableFuture<Void> deleteTopic(String name);

    CompletableFuture<Void> createPartitions(String topic, int totalCount, boolean validateOnly);

    /** Replaces the topic's config overrides with {@code configs} (already validated by the caller). */
    CompletableFuture<Void> replaceTopicConfigs(String topic, Map<String, String> configs, boolean validateOnly);

    @Override
    void close();
}
