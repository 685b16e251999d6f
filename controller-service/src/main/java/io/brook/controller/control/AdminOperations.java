package io.brook.controller.control;

import io.brook.controller.quorum.ApplyOutcome;
import io.brook.controller.quorum.MetadataQuorum;
import io.brook.metadata.ApplyResult;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataApplier;
import io.brook.metadata.MetadataRecord;
import io.brook.metadata.MetadataRecord.CreatePartitions;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.DeleteTopic;
import io.brook.metadata.MetadataRecord.ElectPreferredLeaders;
import io.brook.metadata.MetadataRecord.ReplaceTopicConfigs;
import io.brook.metadata.MetadataRecord.TopicPartitionRef;
import io.brook.metadata.PartitionState;
import io.brook.metadata.ReplicaPlacer;
import io.brook.metadata.TopicState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;

/**
 * Admin operations of the active controller: each is checked and computed on the current state (names, counts,
 * replica placement, a fresh topic id) into one {@link MetadataRecord}, then submitted. The applier checks the record
 * again at its log position, so a race with another change ends as that record's error, never as a corrupt state.
 * {@code validateOnly} applies the record to a copy of the current state and submits nothing.
 *
 * <p>Threading: stateless apart from the quorum; safe from any thread; never blocks.
 */
public final class AdminOperations {

    private final MetadataQuorum quorum;
    private final Supplier<String> topicIds;
    private final int defaultPartitions;
    private final int defaultReplicationFactor;

    /**
     * @param topicIds source of new topic ids ({@code Uuid.randomUuid().toString()} in production)
     * @param defaultPartitions partitions of a topic created with -1
     * @param defaultReplicationFactor replication factor of a topic created with -1
     */
    public AdminOperations(
            MetadataQuorum quorum, Supplier<String> topicIds, int defaultPartitions, int defaultReplicationFactor) {
        if (defaultPartitions < 1 || defaultReplicationFactor < 1) {
            throw new IllegalArgumentException("Default partitions and replication factor must be >= 1, not "
                    + defaultPartitions + " and " + defaultReplicationFactor);
        }
        this.quorum = quorum;
        this.topicIds = topicIds;
        this.defaultPartitions = defaultPartitions;
        this.defaultReplicationFactor = defaultReplicationFactor;
    }

    /**
     * Creates a topic with replicas placed by {@link ReplicaPlacer}.
     *
     * @param partitions partition count, or -1 for the default
     * @param replicationFactor replicas per partition, or -1 for the default
     */
    public CompletableFuture<ControlResult<TopicState>> createTopic(
            String name, int partitions, int replicationFactor, Map<String, String> configs, boolean validateOnly) {
        return onLeader(() -> {
            Topic.validate(name);
            int count = partitions == -1 ? defaultPartitions : partitions;
            if (count < 1) {
                throw new InvalidPartitionsException("Number of partitions must be larger than 0, not " + count + ".");
            }
            int factor = replicationFactor == -1 ? defaultReplicationFactor : replicationFactor;
            if (factor < 1) {
                throw new InvalidReplicationFactorException(
                        "Replication factor must be larger than 0, not " + factor + ".");
            }
            Map<String, String> overrides = new TreeMap<>(configs == null ? Map.of() : configs);
            TopicConfigs.validate(overrides);
            ClusterState state = quorum.state();
            if (state.topic(name).isPresent()) {
                throw new TopicExistsException("Topic '" + name + "' already exists.");
            }
            for (String existing : state.topics().keySet()) {
                if (Topic.hasCollision(name, existing)) {
                    throw new InvalidTopicException("Topic '" + name + "' collides with existing topic '" + existing
                            + "': '.' and '_' are treated alike in metric names.");
                }
            }
            List<List<Integer>> assignments = ReplicaPlacer.place(state, count, factor);
            CreateTopic record = new CreateTopic(name, topicIds.get(), overrides, assignments);
            return validateOnly ? preview(state, record, s -> topic(s, name)) : submit(record, s -> topic(s, name));
        });
    }

    /** Deletes a topic; internal topics ({@code __consumer_offsets}, ...) are refused. */
    public CompletableFuture<ControlResult<Void>> deleteTopic(String name) {
        return onLeader(() -> {
            if (Topic.isInternal(name)) {
                throw new InvalidRequestException("Topic '" + name + "' is internal and cannot be deleted.");
            }
            requireTopic(quorum.state(), name);
            return submit(new DeleteTopic(name), s -> null);
        });
    }

    /** Grows a topic to {@code totalCount} partitions, new replicas placed with the topic's replication factor. */
    public CompletableFuture<ControlResult<TopicState>> createPartitions(
            String name, int totalCount, boolean validateOnly) {
        return onLeader(() -> {
            ClusterState state = quorum.state();
            TopicState topic = requireTopic(state, name);
            int current = topic.partitions().size();
            if (totalCount == current) {
                throw new InvalidPartitionsException("Topic already has " + current + " partitions.");
            }
            if (totalCount < current) {
                throw new InvalidPartitionsException("Topic currently has " + current
                        + " partitions, which is higher than the requested " + totalCount + ".");
            }
            int factor = topic.partitions().get(0).replicas().size();
            List<List<Integer>> assignments = ReplicaPlacer.place(state, totalCount - current, factor);
            CreatePartitions record = new CreatePartitions(name, current, assignments);
            return validateOnly ? preview(state, record, s -> topic(s, name)) : submit(record, s -> topic(s, name));
        });
    }

    /** Replaces all of a topic's config overrides. */
    public CompletableFuture<ControlResult<TopicState>> replaceConfigs(
            String name, Map<String, String> configs, boolean validateOnly) {
        return onLeader(() -> {
            ClusterState state = quorum.state();
            requireTopic(state, name);
            Map<String, String> overrides = new TreeMap<>(configs == null ? Map.of() : configs);
            TopicConfigs.validate(overrides);
            ReplaceTopicConfigs record = new ReplaceTopicConfigs(name, overrides);
            return validateOnly ? preview(state, record, s -> topic(s, name)) : submit(record, s -> topic(s, name));
        });
    }

    /**
     * Moves leadership back to the preferred replica of the listed partitions, or of every partition when
     * {@code partitions} is empty. Answers per partition, as Kafka's ElectLeaders does.
     */
    public CompletableFuture<ControlResult<List<ElectionOutcome>>> electPreferredLeaders(
            List<TopicPartitionRef> partitions) {
        return onLeader(() -> {
            ClusterState state = quorum.state();
            List<TopicPartitionRef> wanted = partitions == null || partitions.isEmpty() ? all(state) : partitions;
            List<ElectionOutcome> unknownOrDone = new ArrayList<>();
            List<TopicPartitionRef> toElect = new ArrayList<>();
            for (TopicPartitionRef ref : wanted) {
                PartitionState p = partition(state, ref);
                if (p == null) {
                    unknownOrDone.add(
                            new ElectionOutcome(ref.topic(), ref.partition(), -1, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                } else if (p.leader() == p.preferredLeader()) {
                    unknownOrDone.add(
                            new ElectionOutcome(ref.topic(), ref.partition(), p.leader(), Errors.ELECTION_NOT_NEEDED));
                } else {
                    toElect.add(ref);
                }
            }
            if (toElect.isEmpty()) {
                return CompletableFuture.completedFuture(ControlResult.ok(sorted(unknownOrDone)));
            }
            return submit(new ElectPreferredLeaders(toElect), after -> {
                List<ElectionOutcome> outcomes = new ArrayList<>(unknownOrDone);
                for (TopicPartitionRef ref : toElect) {
                    PartitionState p = partition(after, ref);
                    if (p == null) {
                        outcomes.add(new ElectionOutcome(
                                ref.topic(), ref.partition(), -1, Errors.UNKNOWN_TOPIC_OR_PARTITION));
                    } else {
                        Errors error =
                                p.leader() == p.preferredLeader() ? Errors.NONE : Errors.PREFERRED_LEADER_NOT_AVAILABLE;
                        outcomes.add(new ElectionOutcome(ref.topic(), ref.partition(), p.leader(), error));
                    }
                }
                return sorted(outcomes);
            });
        });
    }

    /**
     * A record a broker computed itself (an ISR change: {@code AlterPartition}), submitted as it is. Any controller
     * takes it. The apply outcome, a rejection included, is the value; only an unknown outcome (timeout) fails.
     */
    public CompletableFuture<ControlResult<ApplyOutcome>> passThrough(MetadataRecord record) {
        return quorum.submit(record)
                .handle((outcome, failure) ->
                        failure != null ? ControlResult.failed(failure) : ControlResult.ok(outcome));
    }

    private <T> CompletableFuture<ControlResult<T>> onLeader(Supplier<CompletableFuture<ControlResult<T>>> operation) {
        if (!quorum.isLeader()) {
            return CompletableFuture.completedFuture(
                    ControlResult.failed(Errors.NOT_CONTROLLER, "This controller is not the active controller"));
        }
        try {
            return operation.get();
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(ControlResult.failed(e));
        }
    }

    private <T> CompletableFuture<ControlResult<T>> submit(MetadataRecord record, Function<ClusterState, T> answer) {
        return quorum.submit(record).handle((outcome, failure) -> {
            if (failure != null) {
                return ControlResult.failed(failure);
            }
            if (!outcome.isOk()) {
                return ControlResult.failed(outcome.error(), outcome.message());
            }
            return ControlResult.ok(answer.apply(quorum.state()));
        });
    }

    /** What {@code record} would do to {@code state}, without submitting it. */
    private static <T> CompletableFuture<ControlResult<T>> preview(
            ClusterState state, MetadataRecord record, Function<ClusterState, T> answer) {
        ApplyResult result = MetadataApplier.apply(state, state.lastAppliedIndex() + 1, record);
        return CompletableFuture.completedFuture(
                result.isOk()
                        ? ControlResult.ok(answer.apply(result.state()))
                        : ControlResult.failed(result.error(), result.message()));
    }

    private static TopicState requireTopic(ClusterState state, String name) {
        return state.topic(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."));
    }

    private static TopicState topic(ClusterState state, String name) {
        return state.topic(name).orElse(null);
    }

    private static PartitionState partition(ClusterState state, TopicPartitionRef ref) {
        TopicState topic = state.topics().get(ref.topic());
        if (topic == null
                || ref.partition() < 0
                || ref.partition() >= topic.partitions().size()) {
            return null;
        }
        return topic.partitions().get(ref.partition());
    }

    private static List<TopicPartitionRef> all(ClusterState state) {
        List<TopicPartitionRef> refs = new ArrayList<>();
        state.topics()
                .values()
                .forEach(t -> t.partitions().forEach(p -> refs.add(new TopicPartitionRef(t.name(), p.partition()))));
        return refs;
    }

    private static List<ElectionOutcome> sorted(List<ElectionOutcome> outcomes) {
        List<ElectionOutcome> copy = new ArrayList<>(outcomes);
        copy.sort(Comparator.comparing(ElectionOutcome::topic).thenComparingInt(ElectionOutcome::partition));
        return List.copyOf(copy);
    }
}
