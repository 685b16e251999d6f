package io.brook.broker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single-node metadata store: the whole cluster state in one JSON file of the data folder.
 *
 * <pre>
 * metadata.json  {"clusterId": "...", "topics": [{"name": "t", "id": "...", "partitions": 3, "configs": {..}}]}
 * </pre>
 *
 * <p>Every change is written to a temporary file, forced to disk and atomically renamed over the old one before
 * it is published, so a crash leaves either the old or the new state. On one node this broker leads every
 * partition at epoch 0. Thread-safe: changes are serialised by the instance lock; readers see the volatile image.
 */
public final class LocalMetadataStore implements MetadataStore {

    static final String FILE_NAME = "metadata.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final int brokerId;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image;

    /** The persisted form; only what cannot be derived. */
    record StoredTopic(String name, String id, int partitions, Map<String, String> configs) {}

    record StoredState(String clusterId, List<StoredTopic> topics) {}

    /**
     * @param dataDir the folder holding {@code metadata.json}
     * @param brokerId this broker's id; it leads every partition and acts as controller
     */
    public LocalMetadataStore(Path dataDir, int brokerId) {
        this.file = dataDir.resolve(FILE_NAME);
        this.brokerId = brokerId;
        this.image = load();
    }

    private MetadataImage load() {
        StoredState state;
        try {
            Files.createDirectories(file.getParent());
            state = Files.exists(file)
                    ? JSON.readValue(file.toFile(), StoredState.class)
                    : new StoredState(Uuid.randomUuid().toString(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, TopicImage> topics = new HashMap<>();
        for (StoredTopic t : state.topics()) {
            topics.put(t.name(), topicImage(t.name(), Uuid.fromString(t.id()), t.partitions(), t.configs()));
        }
        // Broker endpoints are not persisted: a broker registers its endpoint each time its listener is bound.
        MetadataImage loaded = new MetadataImage(state.clusterId(), brokerId, Map.of(), topics);
        if (!Files.exists(file)) {
            persist(loaded);
        }
        return loaded;
    }

    private TopicImage topicImage(String name, Uuid id, int partitions, Map<String, String> configs) {
        List<PartitionImage> images = new ArrayList<>(partitions);
        List<Integer> self = List.of(brokerId);
        for (int p = 0; p < partitions; p++) {
            images.add(new PartitionImage(p, brokerId, 0, self, self));
        }
        return new TopicImage(name, id, images, configs);
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    @Override
    public synchronized CompletableFuture<Void> registerBroker(BrokerImage broker) {
        if (broker.id() != brokerId) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "single-node store of broker " + brokerId + " cannot register broker " + broker.id()));
        }
        MetadataImage previous = image;
        image = previous.withBrokers(Map.of(broker.id(), broker));
        for (MetadataListener listener : listeners) {
            listener.onMetadataChange(previous, image);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized CompletableFuture<TopicImage> createTopic(
            String name, int partitions, short replicationFactor, Map<String, String> configs, boolean validateOnly) {
        try {
            Topic.validate(name);
            if (image.topic(name).isPresent()) {
                throw new TopicExistsException("Topic '" + name + "' already exists.");
            }
            if (partitions < 1) {
                throw new InvalidPartitionsException("Number of partitions must be larger than 0.");
            }
            if (replicationFactor != 1 && replicationFactor != -1) {
                throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                        + " larger than available brokers: " + image.brokers().size() + ".");
            }
            TopicImage topic = topicImage(name, newTopicId(), partitions, new TreeMap<>(configs));
            if (!validateOnly) {
                commit(image.withTopic(name, topic));
            }
            return CompletableFuture.completedFuture(topic);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Uuid newTopicId() {
        Uuid id;
        do {
            id = Uuid.randomUuid();
        } while (image.topic(id).isPresent());
        return id;
    }

    @Override
    public synchronized CompletableFuture<Void> deleteTopic(String name) {
        try {
            refuseInternal(existing(name), "deleted");
            commit(image.withTopic(name, null));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized CompletableFuture<Void> createPartitions(String topic, int totalCount, boolean validateOnly) {
        try {
            TopicImage current = existing(topic);
            refuseInternal(current, "given more partitions");
            if (totalCount <= current.partitionCount()) {
                throw new InvalidPartitionsException("Topic currently has " + current.partitionCount()
                        + " partitions, which is higher than the requested " + totalCount + ".");
            }
            if (!validateOnly) {
                commit(image.withTopic(topic, topicImage(topic, current.id(), totalCount, current.configs())));
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized CompletableFuture<Void> replaceTopicConfigs(
            String topic, Map<String, String> configs, boolean validateOnly) {
        try {
            TopicImage current = existing(topic);
            if (!validateOnly) {
                commit(image.withTopic(
                        topic, new TopicImage(topic, current.id(), current.partitions(), new TreeMap<>(configs))));
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Internal topics belong to the broker: deleting {@code __consumer_offsets} would lose every group, and more
     * partitions would move groups to other partitions than the ones holding their state.
     */
    private static void refuseInternal(TopicImage topic, String change) {
        if (topic.isInternal()) {
            throw new InvalidRequestException(
                    "Topic '" + topic.name() + "' is internal to the broker and cannot be " + change + ".");
        }
    }

    private TopicImage existing(String name) {
        return image.topic(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException(
                        "This server does not host this topic-partition: " + name));
    }

    private void commit(MetadataImage next) {
        persist(next);
        MetadataImage previous = image;
        image = next;
        for (MetadataListener listener : listeners) {
            listener.onMetadataChange(previous, next);
        }
    }

    private void persist(MetadataImage state) {
        List<StoredTopic> topics = state.allTopics().stream()
                .map(t -> new StoredTopic(t.name(), t.id().toString(), t.partitionCount(), t.configs()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.write(
                    tmp,
                    JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(new StoredState(state.clusterId(), topics)));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new KafkaStorageException("cannot write cluster metadata to " + file, e);
        }
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
