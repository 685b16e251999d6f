package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Serves DeleteTopics (v1+): deletes topics named in {@code topicNames} (v1-5) or in {@code topics} by name or by
 * topic id (v6), through the {@link MetadataStore}.
 *
 * <p>Per topic: an unknown name is UNKNOWN_TOPIC_OR_PARTITION, an unknown id UNKNOWN_TOPIC_ID; an entry naming
 * both a name and an id, or neither, is INVALID_REQUEST, and so is a name or id given twice (reported once). Each
 * result carries the topic's name and, from v6, its id.
 *
 * <p>Threading: runs on a request thread and never blocks; names and ids are resolved against one metadata
 * image, each deletion is a stage of the store. Stateless, so thread-safe.
 */
public final class DeleteTopicsHandler implements RequestHandler<DeleteTopicsRequestData> {

    private final MetadataStore metadataStore;

    /** One entry of the request: a name or a topic id (the other null or zero), as the client sent it. */
    private record TopicRef(String name, Uuid id) {

        boolean byName() {
            return name != null && Uuid.ZERO_UUID.equals(id);
        }

        boolean byId() {
            return name == null && !Uuid.ZERO_UUID.equals(id);
        }
    }

    public DeleteTopicsHandler(MetadataStore metadataStore) {
        this.metadataStore = metadataStore;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public CompletionStage<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        List<TopicRef> refs = new ArrayList<>();
        request.topicNames().forEach(name -> refs.add(new TopicRef(name, Uuid.ZERO_UUID)));
        request.topics().forEach(topic -> refs.add(new TopicRef(topic.name(), topic.topicId())));

        MetadataImage image = metadataStore.image();
        Map<TopicRef, Integer> counts = new HashMap<>();
        refs.forEach(ref -> counts.merge(ref, 1, Integer::sum));
        Set<TopicRef> reportedDuplicates = new HashSet<>();
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        for (TopicRef ref : refs) {
            if (counts.get(ref) == 1 || !(ref.byName() || ref.byId())) {
                results.add(delete(image, ref));
            } else if (reportedDuplicates.add(ref)) {
                String message = ref.byName() ? "Duplicate topic name." : "Duplicate topic ID.";
                results.add(completed(ref.name(), ref.id(), new ApiError(Errors.INVALID_REQUEST, message)));
            }
        }
        return Stages.inOrder(results).thenApply(DeleteTopicsHandler::response);
    }

    private static DeleteTopicsResponseData response(List<DeletableTopicResult> results) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        results.forEach(response.responses()::add);
        return response;
    }

    private CompletableFuture<DeletableTopicResult> delete(MetadataImage image, TopicRef ref) {
        if (ref.byName()) {
            return image.topic(ref.name())
                    .map(this::delete)
                    .orElseGet(() -> completed(
                            ref.name(),
                            Uuid.ZERO_UUID,
                            new ApiError(
                                    Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + ref.name() + "' does not exist.")));
        }
        if (ref.byId()) {
            return image.topic(ref.id())
                    .map(this::delete)
                    .orElseGet(() -> completed(
                            null,
                            ref.id(),
                            new ApiError(Errors.UNKNOWN_TOPIC_ID, "Topic id " + ref.id() + " does not exist.")));
        }
        String message = ref.name() == null
                ? "Neither topic name nor id were specified."
                : "You may not specify both topic name and topic id.";
        return completed(ref.name(), ref.id(), new ApiError(Errors.INVALID_REQUEST, message));
    }

    private CompletableFuture<DeletableTopicResult> delete(TopicImage topic) {
        return metadataStore
                .deleteTopic(topic.name())
                .handle((ignored, error) -> result(
                        topic.name(), topic.id(), error == null ? ApiError.NONE : ApiError.fromThrowable(error)));
    }

    private static CompletableFuture<DeletableTopicResult> completed(String name, Uuid id, ApiError error) {
        return CompletableFuture.completedFuture(result(name, id, error));
    }

    private static DeletableTopicResult result(String name, Uuid id, ApiError error) {
        return new DeletableTopicResult()
                .setName(name)
                .setTopicId(id)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
