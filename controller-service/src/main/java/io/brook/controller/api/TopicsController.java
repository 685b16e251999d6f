package io.brook.controller.api;

import io.brook.controller.api.model.CreatePartitionsRequest;
import io.brook.controller.api.model.CreateTopicRequest;
import io.brook.controller.api.model.TopicConfigsRequest;
import io.brook.controller.api.model.TopicSummary;
import io.brook.controller.control.AdminOperations;
import io.brook.controller.quorum.ControllerQuorum;
import io.brook.metadata.TopicState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Topic administration. Reads are served from this controller's applied state; writes only by the active controller
 * (others answer 421 with the leader's URL).
 */
@RestController
@Tag(name = "topics")
public class TopicsController {

    private final AdminOperations admin;
    private final ControllerQuorum quorum;
    private final ControlResults results;

    public TopicsController(AdminOperations admin, ControllerQuorum quorum, ControlResults results) {
        this.admin = admin;
        this.quorum = quorum;
        this.results = results;
    }

    @GetMapping("/v1/topics")
    @Operation(operationId = "listTopics", summary = "All topics, by name")
    public List<TopicSummary> topics() {
        return quorum.state().topics().values().stream()
                .sorted(Comparator.comparing(TopicState::name))
                .map(t -> new TopicSummary(
                        t.name(),
                        t.id(),
                        t.partitions().size(),
                        t.partitions().isEmpty()
                                ? 0
                                : t.partitions().get(0).replicas().size()))
                .toList();
    }

    @GetMapping("/v1/topics/{name}")
    @Operation(operationId = "getTopic", summary = "A topic: id, config overrides, partitions with replicas and ISR")
    @ApiResponse(responseCode = "200", description = "The topic")
    @ApiResponse(responseCode = "404", description = "No such topic")
    public TopicState topic(@PathVariable String name) {
        return quorum.state()
                .topic(name)
                .orElseThrow(() ->
                        results.problem(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist."));
    }

    @PostMapping("/v1/topics")
    @Operation(
            operationId = "createTopic",
            summary = "Create a topic with replicas placed over the unfenced brokers; with validateOnly, answer 200"
                    + " with the topic it would create")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "Invalid name, counts or configs, or not enough brokers")
    @ApiResponse(responseCode = "409", description = "The topic exists")
    @ApiResponse(responseCode = "421", description = "Not the active controller; see leaderUrl")
    public Mono<ResponseEntity<TopicState>> create(@Valid @RequestBody CreateTopicRequest request) {
        int partitions = request.partitions() == null ? -1 : request.partitions();
        int replicationFactor = request.replicationFactor() == null ? -1 : request.replicationFactor();
        return results.value(() -> admin.createTopic(
                        request.name(), partitions, replicationFactor, request.configs(), request.validateOnly()))
                .map(topic -> request.validateOnly()
                        ? ResponseEntity.ok(topic)
                        : ResponseEntity.created(location(topic.name())).body(topic));
    }

    @DeleteMapping("/v1/topics/{name}")
    @Operation(operationId = "deleteTopic", summary = "Delete a topic (internal topics are refused)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "An internal topic")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @ApiResponse(responseCode = "421", description = "Not the active controller; see leaderUrl")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String name) {
        return results.value(() -> admin.deleteTopic(name))
                .then(Mono.just(ResponseEntity.noContent().build()));
    }

    @PostMapping("/v1/topics/{name}/partitions")
    @Operation(operationId = "createPartitions", summary = "Grow a topic to a total partition count")
    @ApiResponse(responseCode = "200", description = "The topic after the change")
    @ApiResponse(responseCode = "400", description = "Count not larger than the current one, or not enough brokers")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @ApiResponse(responseCode = "421", description = "Not the active controller; see leaderUrl")
    public Mono<TopicState> createPartitions(
            @PathVariable String name, @Valid @RequestBody CreatePartitionsRequest request) {
        return results.value(() -> admin.createPartitions(name, request.count(), request.validateOnly()));
    }

    @PutMapping("/v1/topics/{name}/configs")
    @Operation(operationId = "replaceTopicConfigs", summary = "Replace all of a topic's config overrides")
    @ApiResponse(responseCode = "204", description = "Replaced (or valid, with validateOnly)")
    @ApiResponse(responseCode = "400", description = "Unknown config name or invalid value")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @ApiResponse(responseCode = "421", description = "Not the active controller; see leaderUrl")
    public Mono<ResponseEntity<Void>> replaceConfigs(
            @PathVariable String name, @Valid @RequestBody TopicConfigsRequest request) {
        return results.value(() -> admin.replaceConfigs(name, request.configs(), request.validateOnly()))
                .then(Mono.just(ResponseEntity.status(HttpStatus.NO_CONTENT).build()));
    }

    private static URI location(String topic) {
        return URI.create("/v1/topics/" + UriUtils.encodePathSegment(topic, StandardCharsets.UTF_8));
    }
}
