package io.brook.controller.api;

import io.brook.controller.api.model.HeartbeatRequest;
import io.brook.controller.api.model.HeartbeatResponse;
import io.brook.controller.api.model.RegisterBrokerRequest;
import io.brook.controller.api.model.RegisterBrokerResponse;
import io.brook.controller.control.BrokerLifecycleManager;
import io.brook.controller.quorum.ControllerQuorum;
import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Broker membership: registration and heartbeats from brokers, and the admin view of registered brokers. */
@RestController
public class BrokersController {

    private final BrokerLifecycleManager lifecycle;
    private final ControllerQuorum quorum;
    private final ControlResults results;

    public BrokersController(BrokerLifecycleManager lifecycle, ControllerQuorum quorum, ControlResults results) {
        this.lifecycle = lifecycle;
        this.quorum = quorum;
        this.results = results;
    }

    @PostMapping("/internal/v1/brokers")
    @Tag(name = "broker-internal")
    @Operation(
            operationId = "registerBroker",
            summary = "Register a broker process; answered with its epoch once committed. Any controller accepts it.")
    @ApiResponse(responseCode = "200", description = "Registered")
    @ApiResponse(responseCode = "400", description = "Invalid registration")
    @ApiResponse(responseCode = "504", description = "Not committed in time; retry")
    public Mono<RegisterBrokerResponse> register(@Valid @RequestBody RegisterBrokerRequest request) {
        RegisterBroker record = new RegisterBroker(
                request.brokerId(), request.incarnationId(), request.host(), request.port(), request.rack());
        return results.value(() -> lifecycle.register(record)).map(RegisterBrokerResponse::new);
    }

    @PostMapping("/internal/v1/brokers/{id}/heartbeat")
    @Tag(name = "broker-internal")
    @Operation(
            operationId = "brokerHeartbeat",
            summary = "Keep a broker's session alive; unfences it once caught up, fences it for controlled shutdown."
                    + " Only the active controller accepts it.")
    @ApiResponse(responseCode = "200", description = "Whether the broker is fenced now")
    @ApiResponse(
            responseCode = "409",
            description = "Unknown broker or stale epoch (STALE_BROKER_EPOCH): register again")
    @ApiResponse(responseCode = "421", description = "Not the active controller; see leaderUrl")
    public Mono<HeartbeatResponse> heartbeat(@PathVariable int id, @Valid @RequestBody HeartbeatRequest request) {
        return results.value(() ->
                        lifecycle.heartbeat(id, request.brokerEpoch(), request.appliedIndex(), request.shuttingDown()))
                .map(HeartbeatResponse::new);
    }

    @GetMapping("/v1/brokers")
    @Tag(name = "brokers")
    @Operation(operationId = "listBrokers", summary = "Registered brokers, by id")
    public List<BrokerRegistration> brokers() {
        return quorum.state().brokers().values().stream()
                .sorted(Comparator.comparingInt(BrokerRegistration::id))
                .toList();
    }

    @GetMapping("/v1/brokers/{id}")
    @Tag(name = "brokers")
    @Operation(operationId = "getBroker", summary = "One registered broker")
    @ApiResponse(responseCode = "200", description = "The broker")
    @ApiResponse(responseCode = "404", description = "Not registered")
    public BrokerRegistration broker(@PathVariable int id) {
        return quorum.state().broker(id).orElseThrow(() -> ControllerProblem.brokerNotFound(id));
    }
}
