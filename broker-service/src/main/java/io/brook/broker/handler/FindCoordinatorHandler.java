package io.brook.broker.handler;

import io.brook.broker.group.GroupConfig;
import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.OffsetsTopicCreator;
import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicImage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

/**
 * Serves FindCoordinator (v0+). A GROUP key's coordinator is the leader of the group's {@code __consumer_offsets}
 * partition, as the metadata says, with the endpoint that broker registered; COORDINATOR_NOT_AVAILABLE (retriable)
 * while that partition has no leader with a known endpoint.
 *
 * <p>SHARE keys are COORDINATOR_NOT_AVAILABLE: share groups are not served. TRANSACTION keys are INVALID_REQUEST,
 * which is not retriable: a transactional Java producer looks up its transaction coordinator before anything else,
 * and on this error its {@code initTransactions()} fails at once with a KafkaException carrying the message below,
 * instead of retrying until {@code max.block.ms}. An unknown key type is INVALID_REQUEST. v0-3 answer the single
 * {@code key} at the top level of the response; v4+ answer each of {@code coordinatorKeys}.
 *
 * <p>Threading: runs on a request thread and returns a completed stage. Stateless, so thread-safe.
 */
public final class FindCoordinatorHandler implements RequestHandler<FindCoordinatorRequestData> {

    static final String SHARE_UNAVAILABLE = "Share groups are not available on this broker.";
    static final String NO_LEADER = "The group's offsets partition has no available leader.";
    static final String TRANSACTIONS_UNSUPPORTED = "Transactions are not supported by this broker yet; "
            + "use an idempotent producer without transactional.id.";

    private final MetadataStore metadata;
    private final OffsetsTopicCreator offsetsTopic;
    private final GroupCoordinator coordinator;

    public FindCoordinatorHandler(
            MetadataStore metadata, GroupCoordinator coordinator, OffsetsTopicCreator offsetsTopic) {
        this.metadata = metadata;
        this.offsetsTopic = offsetsTopic;
        this.coordinator = coordinator;
    }

    /** One key's answer: the coordinator's endpoint, or an error and message. */
    private record Answer(Errors error, String message, int nodeId, String host, int port) {
        static Answer failed(Errors error, String message) {
            return new Answer(error, message, -1, "", -1);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public CompletionStage<FindCoordinatorResponseData> handle(
            RequestContext context, FindCoordinatorRequestData request) {
        MetadataImage image = metadata.image();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= 4) {
            List<Coordinator> coordinators = request.coordinatorKeys().stream()
                    .map(key -> {
                        Answer a = answer(image, request.keyType(), key);
                        return new Coordinator()
                                .setKey(key)
                                .setNodeId(a.nodeId())
                                .setHost(a.host())
                                .setPort(a.port())
                                .setErrorCode(a.error().code())
                                .setErrorMessage(a.message());
                    })
                    .toList();
            response.setCoordinators(coordinators);
        } else {
            byte keyType = context.apiVersion() >= 1 ? request.keyType() : CoordinatorType.GROUP.id();
            Answer a = answer(image, keyType, request.key());
            response.setErrorCode(a.error().code())
                    .setNodeId(a.nodeId())
                    .setHost(a.host())
                    .setPort(a.port());
            if (context.apiVersion() >= 1) {
                response.setErrorMessage(a.message());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Answer answer(MetadataImage image, byte keyType, String key) {
        CoordinatorType type;
        try {
            type = CoordinatorType.forId(keyType);
        } catch (InvalidRequestException e) {
            return Answer.failed(Errors.INVALID_REQUEST, e.getMessage());
        }
        return switch (type) {
            case GROUP -> groupCoordinator(image, key == null ? "" : key);
            case SHARE -> Answer.failed(Errors.COORDINATOR_NOT_AVAILABLE, SHARE_UNAVAILABLE);
            case TRANSACTION -> Answer.failed(Errors.INVALID_REQUEST, TRANSACTIONS_UNSUPPORTED);
        };
    }

    private Answer groupCoordinator(MetadataImage image, String groupId) {
        int partition = coordinator.partitionFor(groupId);
        if (image.topic(GroupConfig.OFFSETS_TOPIC).isEmpty()) {
            offsetsTopic.ensureCreated();
        }
        Optional<BrokerImage> leader = image.topic(GroupConfig.OFFSETS_TOPIC)
                .map(TopicImage::partitions)
                .filter(partitions -> partition < partitions.size())
                .map(partitions -> partitions.get(partition))
                .map(PartitionImage::leaderId)
                .map(id -> image.brokers().get(id));
        return leader.map(b -> new Answer(Errors.NONE, null, b.id(), b.host(), b.port()))
                .orElseGet(() -> Answer.failed(Errors.COORDINATOR_NOT_AVAILABLE, NO_LEADER));
    }
}
