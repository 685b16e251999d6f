package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Serves CreatePartitions (v0+): raises a topic's partition count to {@code count} through the
 * {@link MetadataStore}, or only validates it when {@code validateOnly} is set.
 *
 * <p>Per topic: an unknown topic is UNKNOWN_TOPIC_OR_PARTITION; a count that is not an increase is
 * INVALID_PARTITIONS; a topic named twice is INVALID_REQUEST. Explicit {@code assignments} must hold one entry per
 * new partition (INVALID_REPLICA_ASSIGNMENT otherwise) and are accepted only when each places its partition on this
 * broker alone, the only placement one node can offer (INVALID_REQUEST otherwise).
 *
 * <p>Threading: runs on a request thread and never blocks; each topic's result is a stage of the store. Stateless,
 * so thread-safe.
 */
public final class CreatePartitionsHandler implements RequestHandler<CreatePartitionsRequestData> {

    private final MetadataStore metadataStore;
    private final int brokerId;

    /** @param brokerId this broker's id, the only one an assignment may name */
    public CreatePartitionsHandler(MetadataStore metadataStore, int brokerId) {
        this.metadataStore = metadataStore;
        this.brokerId = brokerId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public CompletionStage<CreatePartitionsResponseData> handle(
            RequestContext context, CreatePartitionsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        request.topics().forEach(topic -> {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        });
        Set<String> reportedDuplicates = new HashSet<>();
        List<CompletableFuture<CreatePartitionsTopicResult>> results = new ArrayList<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!duplicates.contains(topic.name())) {
                results.add(createPartitions(topic, request.validateOnly()));
            } else if (reportedDuplicates.add(topic.name())) {
                ApiError duplicate = new ApiError(Errors.INVALID_REQUEST, "Duplicate topic name.");
                results.add(CompletableFuture.completedFuture(result(topic.name(), duplicate)));
            }
        }
        return Stages.inOrder(results).thenApply(list -> new CreatePartitionsResponseData().setResults(list));
    }

    private CompletableFuture<CreatePartitionsTopicResult> createPartitions(
            CreatePartitionsTopic topic, boolean validateOnly) {
        try {
            validate(topic);
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(result(topic.name(), ApiError.fromThrowable(e)));
        }
        return metadataStore
                .createPartitions(topic.name(), topic.count(), validateOnly)
                .handle((ignored, error) ->
                        result(topic.name(), error == null ? ApiError.NONE : ApiError.fromThrowable(error)));
    }

    private void validate(CreatePartitionsTopic request) {
        TopicImage topic = metadataStore
                .image()
                .topic(request.name())
                .orElseThrow(() -> new UnknownTopicOrPartitionException(
                        "This server does not host this topic: " + request.name()));
        int existing = topic.partitionCount();
        if (request.count() < existing) {
            throw new InvalidPartitionsException("The topic " + request.name() + " currently has " + existing
                    + " partition(s); " + request.count() + " would not be an increase.");
        }
        if (request.count() == existing) {
            throw new InvalidPartitionsException("Topic already has " + existing + " partition(s).");
        }
        if (request.assignments() != null) {
            validateAssignments(request.assignments(), request.count() - existing);
        }
    }

    private void validateAssignments(List<CreatePartitionsAssignment> assignments, int added) {
        if (assignments.size() != added) {
            throw new InvalidReplicaAssignmentException("Attempted to add " + added + " additional partition(s), but "
                    + "only " + assignments.size() + " assignment(s) were specified.");
        }
        for (CreatePartitionsAssignment assignment : assignments) {
            if (!assignment.brokerIds().equals(List.of(brokerId))) {
                throw new InvalidRequestException("Manual replica assignment " + assignment.brokerIds()
                        + " is not supported: this single-node broker can only place each partition on broker "
                        + brokerId + " alone.");
            }
        }
    }

    private static CreatePartitionsTopicResult result(String name, ApiError error) {
        return new CreatePartitionsTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
