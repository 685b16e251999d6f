package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Serves CreateTopics (v2+): creates each requested topic through the {@link MetadataStore}, or only validates it
 * when {@code validateOnly} is set.
 *
 * <p>Per topic: {@code numPartitions = -1} takes the broker default, {@code replicationFactor = -1} means 1. A
 * manual replica assignment is accepted only when it places every partition on this broker alone (the only
 * placement one node can offer); any other placement is INVALID_REQUEST. Names given twice in one request are
 * INVALID_REQUEST. Configs are validated against {@link TopicConfigs} (INVALID_CONFIG). From v5 a created topic's
 * result carries its partition count, replication factor and effective configs; from v7 its topic id.
 *
 * <p>Threading: runs on a request thread and never blocks; every topic's result is a stage of the store, and the
 * response completes when all have. Stateless apart from immutable configuration, so thread-safe.
 */
public final class CreateTopicsHandler implements RequestHandler<CreateTopicsRequestData> {

    private static final short DEFAULT_REPLICATION_FACTOR = 1;

    private final MetadataStore metadataStore;
    private final TopicConfigs topicConfigs;
    private final TopicConfigEntries configEntries;
    private final int brokerId;
    private final int defaultPartitions;

    /** What one topic will be created with, once the request's defaults are resolved. */
    private record TopicPlan(int partitions, short replicationFactor, Map<String, String> configs) {}

    /**
     * @param brokerId this broker's id, the only one a manual assignment may name
     * @param defaultPartitions partitions of a topic created with {@code numPartitions = -1} ({@code num.partitions})
     */
    public CreateTopicsHandler(
            MetadataStore metadataStore, TopicConfigs topicConfigs, int brokerId, int defaultPartitions) {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("default partitions must be at least 1, was " + defaultPartitions);
        }
        this.metadataStore = metadataStore;
        this.topicConfigs = topicConfigs;
        this.configEntries = new TopicConfigEntries(topicConfigs);
        this.brokerId = brokerId;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletionStage<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        Set<String> duplicates = duplicateNames(request.topics());
        Set<String> reportedDuplicates = new HashSet<>();
        List<CompletableFuture<CreatableTopicResult>> results = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            if (!duplicates.contains(topic.name())) {
                results.add(create(topic, request.validateOnly(), context.apiVersion()));
            } else if (reportedDuplicates.add(topic.name())) {
                ApiError duplicate = new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.");
                results.add(CompletableFuture.completedFuture(failed(topic.name(), duplicate)));
            }
        }
        return Stages.inOrder(results).thenApply(CreateTopicsHandler::response);
    }

    private static Set<String> duplicateNames(Collection<CreatableTopic> topics) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : topics) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        return duplicates;
    }

    private static CreateTopicsResponseData response(List<CreatableTopicResult> results) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        results.forEach(response.topics()::add);
        return response;
    }

    private CompletableFuture<CreatableTopicResult> create(CreatableTopic topic, boolean validateOnly, short version) {
        TopicPlan plan;
        try {
            plan = plan(topic);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(failed(topic.name(), ApiError.fromThrowable(e)));
        }
        return metadataStore
                .createTopic(topic.name(), plan.partitions(), plan.replicationFactor(), plan.configs(), validateOnly)
                .handle((created, error) -> error == null
                        ? created(created, version)
                        : failed(topic.name(), ApiError.fromThrowable(error)));
    }

    private TopicPlan plan(CreatableTopic topic) {
        checkNoCollision(topic.name());
        Map<String, String> configs = new HashMap<>();
        topic.configs().forEach(config -> configs.put(config.name(), config.value()));
        topicConfigs.validate(configs);
        if (!topic.assignments().isEmpty()) {
            return new TopicPlan(assignedPartitions(topic), DEFAULT_REPLICATION_FACTOR, configs);
        }
        int partitions = topic.numPartitions() == -1 ? defaultPartitions : topic.numPartitions();
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions was set to an invalid non-positive value.");
        }
        short replicationFactor =
                topic.replicationFactor() == -1 ? DEFAULT_REPLICATION_FACTOR : topic.replicationFactor();
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException(
                    "Replication factor must be larger than 0, or -1 to use the default value.");
        }
        return new TopicPlan(partitions, replicationFactor, configs);
    }

    /** Topic names that differ only in '.' versus '_' would share metric names, so Kafka refuses them. */
    private void checkNoCollision(String name) {
        if (!Topic.hasCollisionChars(name)) {
            return;
        }
        for (TopicImage existing : metadataStore.image().allTopics()) {
            if (!existing.name().equals(name) && Topic.hasCollision(name, existing.name())) {
                throw new InvalidTopicException(
                        "Topic '" + name + "' collides with existing topic: " + existing.name());
            }
        }
    }

    /** The partition count of a manual assignment, which must put partitions 0..n-1 on this broker alone. */
    private int assignedPartitions(CreatableTopic topic) {
        if (topic.numPartitions() != -1 || topic.replicationFactor() != -1) {
            throw new InvalidRequestException("Both numPartitions or replicationFactor and replicasAssignments were "
                    + "set. Both cannot be used at the same time.");
        }
        int count = topic.assignments().size();
        Set<Integer> indexes = new HashSet<>();
        for (CreatableReplicaAssignment assignment : topic.assignments()) {
            int index = assignment.partitionIndex();
            if (index < 0 || index >= count || !indexes.add(index)) {
                throw new InvalidReplicaAssignmentException("Partitions should be a consecutive 0-based integer "
                        + "sequence, but the assignment names partition " + index + " of " + count + ".");
            }
            if (!assignment.brokerIds().equals(List.of(brokerId))) {
                throw new InvalidRequestException("Manual replica assignment " + assignment.brokerIds()
                        + " for partition " + index + " is not supported: this single-node broker can only place "
                        + "each partition on broker " + brokerId + " alone.");
            }
        }
        return count;
    }

    private CreatableTopicResult created(TopicImage topic, short version) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setErrorCode(Errors.NONE.code());
        if (version >= 5) {
            result.setNumPartitions(topic.partitionCount())
                    .setReplicationFactor(
                            (short) topic.partitions().get(0).replicas().size())
                    .setConfigs(configEntries.creatableTopicConfigs(topic.configs()));
        }
        return result;
    }

    private static CreatableTopicResult failed(String name, ApiError error) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
