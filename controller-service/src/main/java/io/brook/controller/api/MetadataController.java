package io.brook.controller.api;

import io.brook.controller.api.model.MetadataResponse;
import io.brook.controller.api.model.RecordOutcome;
import io.brook.controller.config.ControllerProperties;
import io.brook.controller.control.AdminOperations;
import io.brook.controller.quorum.ApplyOutcome;
import io.brook.controller.quorum.ControllerQuorum;
import io.brook.controller.quorum.FeedRead;
import io.brook.metadata.MetadataRecord;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The metadata log as brokers follow it, and records brokers compute themselves (ISR changes). */
@RestController
@Tag(name = "broker-internal")
public class MetadataController {

    private final ControllerQuorum quorum;
    private final AdminOperations admin;
    private final ControlResults results;
    private final Duration maxPollTimeout;

    public MetadataController(
            ControllerQuorum quorum, AdminOperations admin, ControlResults results, ControllerProperties properties) {
        this.quorum = quorum;
        this.admin = admin;
        this.results = results;
        this.maxPollTimeout = properties.maxPollTimeout();
    }

    @GetMapping("/internal/v1/metadata")
    @Operation(
            operationId = "fetchMetadata",
            summary = "Metadata records after an index, or a snapshot when the controller no longer holds them all;"
                    + " waits up to timeoutMs when nothing is newer. Any controller serves it.")
    @ApiResponse(responseCode = "200", description = "Records, a snapshot, or nothing new within the timeout")
    @ApiResponse(responseCode = "400", description = "Negative timeout")
    public Mono<MetadataResponse> metadata(
            @Parameter(description = "the last metadata index the broker has applied (0 for none)")
                    @RequestParam(defaultValue = "0")
                    long after,
            @Parameter(description = "how long to wait for something newer, in ms (capped)")
                    @RequestParam(defaultValue = "0")
                    long timeoutMs) {
        if (timeoutMs < 0) {
            return Mono.error(ControllerProblem.badRequest("timeoutMs must be >= 0, not " + timeoutMs));
        }
        FeedRead read = quorum.read(after);
        if (!read.isEmpty() || timeoutMs == 0) {
            return Mono.just(response(read));
        }
        Duration wait = Duration.ofMillis(Math.min(timeoutMs, maxPollTimeout.toMillis()));
        return Mono.fromFuture(() -> quorum.awaitAfter(after))
                .timeout(wait, Mono.empty())
                .then(Mono.fromSupplier(() -> response(quorum.read(after))));
    }

    @PostMapping("/internal/v1/records")
    @Operation(
            operationId = "submitRecord",
            summary = "Submit one metadata record a broker computed (AlterPartition); answered with its apply outcome,"
                    + " a rejection included, once committed. Any controller accepts it.")
    @ApiResponse(responseCode = "200", description = "The apply outcome")
    @ApiResponse(responseCode = "504", description = "Not committed in time; the outcome is unknown")
    public Mono<RecordOutcome> submit(@RequestBody MetadataRecord record) {
        return results.value(() -> admin.passThrough(record)).map(MetadataController::outcome);
    }

    private static MetadataResponse response(FeedRead read) {
        return new MetadataResponse(read.snapshot(), read.records(), read.lastIndex());
    }

    private static RecordOutcome outcome(ApplyOutcome outcome) {
        return new RecordOutcome(outcome.error().name(), outcome.message(), outcome.index());
    }
}
