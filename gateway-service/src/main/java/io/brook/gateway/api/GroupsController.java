package io.brook.gateway.api;

import io.brook.gateway.api.model.ConsumedRecord;
import io.brook.gateway.api.model.GroupDetails;
import io.brook.gateway.api.model.GroupSummary;
import io.brook.gateway.api.model.OffsetResetRequest;
import io.brook.gateway.api.model.OffsetResetResponse;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.group.GroupAdmin;
import io.brook.gateway.group.GroupStream;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.security.Permission;
import io.brook.gateway.security.TopicAuthorizer;
import io.brook.gateway.topic.TopicCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Consumer groups: list, describe with lag, reset offsets, delete, and consume as a member over
 * server-sent events. Listing needs {@code admin:*}; describing needs {@code read} on every topic the
 * group touches; resetting and deleting need {@code admin} on them (on {@code *} for a group that
 * touches none); streaming needs {@code read} on each topic streamed.
 */
@RestController
@RequestMapping("/v1/groups")
@Tag(name = "groups", description = "Consumer groups: offsets, lag, and consuming as a group member")
public class GroupsController {

    private final GroupAdmin groups;
    private final GroupStream streams;
    private final TopicCatalog catalog;
    private final TopicAuthorizer authorizer;

    public GroupsController(GroupAdmin groups, GroupStream streams, TopicCatalog catalog, TopicAuthorizer authorizer) {
        this.groups = groups;
        this.streams = streams;
        this.catalog = catalog;
        this.authorizer = authorizer;
    }

    @Operation(summary = "List groups", description = "Every group of the cluster, in id order. Needs admin:*.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<List<GroupSummary>> listGroups() {
        return authorizer.require(Permission.ADMIN, "*").then(groups.list());
    }

    @Operation(
            summary = "Describe a group",
            description = "Members with their assigned partitions, and per partition the committed offset, the log"
                    + " end offset and the lag.")
    @ApiResponse(responseCode = "404", description = "No such group")
    @GetMapping(path = "/{group}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<GroupDetails> describeGroup(@PathVariable String group) {
        return groups.describe(group)
                .flatMap(details -> requireEach(
                                Permission.READ,
                                details.offsets().stream()
                                        .map(offset -> offset.topic())
                                        .distinct()
                                        .toList())
                        .thenReturn(details));
    }

    @Operation(
            summary = "Reset a group's offsets of a topic",
            description = "Moves the committed offsets to the earliest or latest offset, to the first record at or"
                    + " after a timestamp, or to an offset. The group must have no active members.")
    @ApiResponse(responseCode = "404", description = "No such topic or partition")
    @ApiResponse(responseCode = "409", description = "The group has active members")
    @PostMapping(
            path = "/{group}/offsets/reset",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<OffsetResetResponse> resetGroupOffsets(
            @PathVariable String group, @RequestBody OffsetResetRequest request) {
        if (request == null || request.topic() == null || request.topic().isBlank()) {
            return Mono.error(ApiProblem.badRequest("topic is required"));
        }
        return authorizer
                .require(Permission.ADMIN, request.topic())
                .then(groups.resetOffsets(group, request))
                .map(offsets -> new OffsetResetResponse(group, offsets));
    }

    @Operation(summary = "Delete a group", description = "Deletes the group and its committed offsets.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such group")
    @ApiResponse(responseCode = "409", description = "The group has active members")
    @DeleteMapping("/{group}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> deleteGroup(@PathVariable String group) {
        return groups.topics(group)
                .flatMap(topics -> requireEach(Permission.ADMIN, topics))
                .then(groups.delete(group));
    }

    @Operation(
            summary = "Consume as a member of a group",
            description = "Joins the group and streams the records of the partitions assigned to this connection:"
                    + " clients of the same group share the partitions. One event named record per record, its id"
                    + " <partition>:<next offset>; comments as heartbeats when idle. Offsets of records handed out"
                    + " are committed as the stream goes on and when it closes (at-least-once).")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = ConsumedRecord.class)))
    @ApiResponse(responseCode = "404", description = "No such topic")
    @GetMapping(path = "/{group}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> groupEvents(
            @PathVariable String group,
            @Parameter(description = "Comma-separated topics to consume", required = true) @RequestParam String topics,
            @Parameter(description = "string (default), json or base64") @RequestParam(required = false)
                    String keyFormat,
            @Parameter(description = "json (default), string or base64") @RequestParam(required = false)
                    String valueFormat,
            @Parameter(description = "Where partitions without a committed offset start: latest (default) or earliest")
                    @RequestParam(defaultValue = "latest")
                    String reset) {
        List<String> names = Arrays.stream(topics.split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .distinct()
                .toList();
        if (names.isEmpty()) {
            return Flux.error(ApiProblem.badRequest("topics must name at least one topic"));
        }
        String start = reset.trim().toLowerCase(Locale.ROOT);
        if (!start.equals("earliest") && !start.equals("latest")) {
            return Flux.error(ApiProblem.badRequest("reset must be earliest or latest, not '" + reset + "'"));
        }
        RecordFormat keys = orDefault(RecordFormat.parse(keyFormat), RecordFormat.STRING);
        RecordFormat values = orDefault(RecordFormat.parse(valueFormat), RecordFormat.JSON);
        return Flux.fromIterable(names)
                .concatMap(name -> authorizer.require(Permission.READ, name).then(catalog.topic(name)))
                .then()
                .thenMany(Flux.defer(() -> streams.open(group, names, start, keys, values)));
    }

    /** Needs {@code permission} on each topic; on {@code *} when there is none. */
    private Mono<Void> requireEach(Permission permission, Collection<String> topics) {
        if (topics.isEmpty()) {
            return authorizer.require(permission, "*");
        }
        return Flux.fromIterable(topics)
                .concatMap(topic -> authorizer.require(permission, topic))
                .then();
    }

    private static RecordFormat orDefault(RecordFormat format, RecordFormat fallback) {
        return format != null ? format : fallback;
    }
}
