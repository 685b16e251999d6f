package io.brook.gateway.api;

import io.brook.gateway.api.model.CreateTopicRequest;
import io.brook.gateway.api.model.PartitionCountRequest;
import io.brook.gateway.api.model.TopicConfigPatch;
import io.brook.gateway.api.model.TopicConfigValue;
import io.brook.gateway.api.model.TopicDetails;
import io.brook.gateway.api.model.TopicSummary;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.security.Permission;
import io.brook.gateway.security.TopicAuthorizer;
import io.brook.gateway.topic.TopicAdmin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.SortedMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Topic administration: list, describe, create, delete, grow, configure. Reading needs {@code read}
 * on the topic (a listing shows only the topics the caller may read); changes need {@code admin}.
 */
@RestController
@RequestMapping(path = "/v1/topics", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "topics", description = "Create, describe, configure and delete topics")
public class TopicsController {

    private final TopicAdmin topics;
    private final TopicAuthorizer authorizer;

    public TopicsController(TopicAdmin topics, TopicAuthorizer authorizer) {
        this.topics = topics;
        this.authorizer = authorizer;
    }

    @Operation(
            summary = "List topics",
            description = "Topics the caller may read, in name order, with their partition counts.")
    @GetMapping
    public Mono<List<TopicSummary>> listTopics(
            @Parameter(description = "Also list internal topics such as __consumer_offsets")
                    @RequestParam(defaultValue = "false")
                    boolean internal) {
        return topics.names(internal)
                .flatMapMany(Flux::fromIterable)
                .filterWhen(this::mayRead)
                .collectList()
                .flatMap(topics::summaries);
    }

    @Operation(
            summary = "Describe a topic",
            description = "Partitions with leader, replicas, ISR and the earliest and latest offsets of each.")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @GetMapping("/{topic}")
    public Mono<TopicDetails> describeTopic(@PathVariable String topic) {
        return authorizer.require(Permission.READ, topic).then(topics.describe(topic));
    }

    @Operation(summary = "Create a topic", description = "Answers 201 with the topic's description.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "409", description = "The topic exists")
    @ApiResponse(responseCode = "400", description = "Invalid name, partition count, replication factor or config")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<TopicDetails>> createTopic(
            @RequestBody CreateTopicRequest request, UriComponentsBuilder uri) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            return Mono.error(ApiProblem.badRequest("name is required"));
        }
        return authorizer
                .require(Permission.ADMIN, request.name())
                .then(topics.create(request))
                .map(created -> ResponseEntity.created(uri.path("/v1/topics/{topic}")
                                .buildAndExpand(created.name())
                                .toUri())
                        .body(created));
    }

    @Operation(summary = "Delete a topic")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @DeleteMapping("/{topic}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> deleteTopic(@PathVariable String topic) {
        return authorizer.require(Permission.ADMIN, topic).then(topics.delete(topic));
    }

    @Operation(summary = "Add partitions to a topic", description = "Answers the topic's new description.")
    @ApiResponse(responseCode = "400", description = "The count is not larger than the current one")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @PostMapping(path = "/{topic}/partitions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<TopicDetails> addPartitions(@PathVariable String topic, @RequestBody PartitionCountRequest request) {
        return authorizer
                .require(Permission.ADMIN, topic)
                .then(Mono.defer(() -> topics.grow(topic, request == null ? null : request.count())));
    }

    @Operation(summary = "Show a topic's configs", description = "Every config by name, with its origin.")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @GetMapping("/{topic}/configs")
    public Mono<SortedMap<String, TopicConfigValue>> topicConfigs(@PathVariable String topic) {
        return authorizer.require(Permission.READ, topic).then(topics.configs(topic));
    }

    @Operation(
            summary = "Change a topic's configs",
            description = "Sets the configs under set and resets those under delete to their default, in one"
                    + " change; answers every config after it.")
    @ApiResponse(responseCode = "400", description = "Unknown config or invalid value")
    @ApiResponse(responseCode = "404", description = "No such topic")
    @PatchMapping(path = "/{topic}/configs", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<SortedMap<String, TopicConfigValue>> alterTopicConfigs(
            @PathVariable String topic, @RequestBody TopicConfigPatch patch) {
        return authorizer.require(Permission.ADMIN, topic).then(Mono.defer(() -> topics.alterConfigs(topic, patch)));
    }

    private Mono<Boolean> mayRead(String topic) {
        return authorizer
                .require(Permission.READ, topic)
                .thenReturn(true)
                .onErrorResume(ApiProblem.class, forbidden -> Mono.just(false));
    }
}
