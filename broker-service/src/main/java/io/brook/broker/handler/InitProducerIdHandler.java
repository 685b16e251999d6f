package io.brook.broker.handler;

import io.brook.broker.producer.ProducerIdManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Serves InitProducerId (v0+) for idempotent producers: a request without {@code transactionalId} gets a fresh
 * producer id from the {@link ProducerIdManager} with epoch 0. That includes a request that names its current
 * producer id and epoch (v3+, KIP-360): as on a Kafka broker, an idempotent producer is simply given a new id.
 *
 * <p>Transactions are not offered yet. A request with a {@code transactionalId} is INVALID_REQUEST (as an empty
 * {@code transactionalId} is on Kafka). The code is chosen so that a transactional Java producer fails fast: it is
 * not retriable, whereas NOT_COORDINATOR and COORDINATOR_NOT_AVAILABLE make the producer look up its coordinator
 * and retry until {@code max.block.ms}, and TRANSACTIONAL_ID_AUTHORIZATION_FAILED would send the user looking for a
 * missing ACL. The response has no message field; the Java producer normally never gets this far, as its
 * FindCoordinator lookup already fails with a message saying transactions are not supported (see
 * {@link FindCoordinatorHandler}).
 *
 * <p>Threading: runs on a request thread; reserving a new block of ids forces a file to disk, which request threads
 * may do. Thread-safe (the id manager is).
 */
public final class InitProducerIdHandler implements RequestHandler<InitProducerIdRequestData> {

    private final ProducerIdManager producerIdManager;

    public InitProducerIdHandler(ProducerIdManager producerIdManager) {
        this.producerIdManager = producerIdManager;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public CompletionStage<InitProducerIdResponseData> handle(
            RequestContext context, InitProducerIdRequestData request) {
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(error(Errors.INVALID_REQUEST));
        }
        try {
            long producerId = producerIdManager.nextProducerId();
            return CompletableFuture.completedFuture(new InitProducerIdResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setProducerId(producerId)
                    .setProducerEpoch((short) 0));
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(error(Errors.forException(e)));
        }
    }

    private static InitProducerIdResponseData error(Errors error) {
        return new InitProducerIdResponseData()
                .setErrorCode(error.code())
                .setProducerId(-1)
                .setProducerEpoch((short) -1);
    }
}
