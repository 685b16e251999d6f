package io.brook.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

/**
 * Serves FindCoordinator (v0+) while this broker hosts no coordinator, so clients get a clean protocol error
 * rather than a closed connection.
 *
 * <p>GROUP and SHARE keys are COORDINATOR_NOT_AVAILABLE, with a message saying group coordination is not
 * available yet: clients treat it as retriable and keep looking. TRANSACTION keys are INVALID_REQUEST, which is not
 * retriable: a transactional Java producer looks up its transaction coordinator before anything else, and on this
 * error its {@code initTransactions()} fails at once with a KafkaException carrying the message below, instead of
 * retrying until {@code max.block.ms}. An unknown key type is INVALID_REQUEST. v0-3 answer the single {@code key}
 * at the top level of the response; v4+ answer each of {@code coordinatorKeys}.
 *
 * <p>Threading: runs on a request thread and returns a completed stage. Stateless, so thread-safe.
 */
public final class FindCoordinatorHandler implements RequestHandler<FindCoordinatorRequestData> {

    static final String GROUPS_UNAVAILABLE = "Group coordination is not available on this broker yet.";
    static final String TRANSACTIONS_UNSUPPORTED = "Transactions are not supported by this broker yet; "
            + "use an idempotent producer without transactional.id.";

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public CompletionStage<FindCoordinatorResponseData> handle(
            RequestContext context, FindCoordinatorRequestData request) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= 4) {
            List<Coordinator> coordinators = request.coordinatorKeys().stream()
                    .map(key -> notAvailable(request.keyType(), key))
                    .toList();
            response.setCoordinators(coordinators);
        } else {
            byte keyType = context.apiVersion() >= 1 ? request.keyType() : CoordinatorType.GROUP.id();
            ApiError error = error(keyType);
            response.setErrorCode(error.error().code())
                    .setErrorMessage(error.message())
                    .setNodeId(-1)
                    .setHost("")
                    .setPort(-1);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Coordinator notAvailable(byte keyType, String key) {
        ApiError error = error(keyType);
        return new Coordinator()
                .setKey(key)
                .setNodeId(-1)
                .setHost("")
                .setPort(-1)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }

    private static ApiError error(byte keyType) {
        try {
            return switch (CoordinatorType.forId(keyType)) {
                case GROUP, SHARE -> new ApiError(Errors.COORDINATOR_NOT_AVAILABLE, GROUPS_UNAVAILABLE);
                case TRANSACTION -> new ApiError(Errors.INVALID_REQUEST, TRANSACTIONS_UNSUPPORTED);
            };
        } catch (InvalidRequestException e) {
            return new ApiError(Errors.INVALID_REQUEST, e.getMessage());
        }
    }
}
