package io.brook.controller.api;

import io.brook.controller.control.ControlResult;
import io.brook.controller.quorum.ControllerQuorum;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Bridges control results to WebFlux: a successful result is the value, a failed one a {@link ControllerProblem}
 * carrying the Kafka error (and, for {@link Errors#NOT_CONTROLLER}, the leader's URL so the caller can go there).
 */
@Component
public class ControlResults {

    private final ControllerQuorum quorum;

    public ControlResults(ControllerQuorum quorum) {
        this.quorum = quorum;
    }

    /** Runs {@code operation} when subscribed; its value, empty for a null value, or the problem. */
    public <T> Mono<T> value(Supplier<CompletableFuture<ControlResult<T>>> operation) {
        return Mono.fromFuture(operation)
                .flatMap(result -> result.isOk()
                        ? Mono.justOrEmpty(result.value())
                        : Mono.error(problem(result.error(), result.message())));
    }

    public ControllerProblem problem(Errors error, String message) {
        String leaderUrl = error == Errors.NOT_CONTROLLER
                ? quorum.leaderHttpUrl()
                        .filter(url ->
                                quorum.leaderId().orElse(-1) != quorum.config().nodeId())
                        .orElse(null)
                : null;
        return new ControllerProblem(ProblemMapper.kafkaProblem(error, message, leaderUrl));
    }
}
