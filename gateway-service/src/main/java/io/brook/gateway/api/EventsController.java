package io.brook.gateway.api;

import io.brook.gateway.api.model.ConsumedRecord;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.consume.Cursor;
import io.brook.gateway.consume.EventStream;
import io.brook.gateway.consume.PartitionReads;
import io.brook.gateway.consume.ReactiveFrames;
import io.brook.gateway.consume.StartPosition;
import io.brook.gateway.consume.StartResolver;
import io.brook.gateway.consume.TopicTail;
import io.brook.gateway.consume.TopicTails;
import io.brook.gateway.metrics.GatewayMetrics;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.security.Permission;
import io.brook.gateway.security.TopicAuthorizer;
import io.brook.gateway.topic.TopicCatalog;
import io.micrometer.core.instrument.Counter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Server-sent events of a topic, resumable anywhere by cursor. */
@RestController
@Tag(name = "events", description = "Server-sent event streams")
public class EventsController {

    private final TopicCatalog topics;
    private final TopicTails tails;
    private final StartResolver starts;
    private final PartitionReads reads;
    private final RecordRenderer renderer;
    private final TopicAuthorizer authorizer;
    private final GatewayMetrics metrics;
    private final GatewayProperties.Consume limits;

    public EventsController(
            TopicCatalog topics,
            TopicTails tails,
            StartResolver starts,
            PartitionReads reads,
            RecordRenderer renderer,
            TopicAuthorizer authorizer,
            GatewayMetrics metrics,
            GatewayProperties properties) {
        this.topics = topics;
        this.tails = tails;
        this.starts = starts;
        this.reads = reads;
        this.renderer = renderer;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.limits = properties.consume();
    }

    @Operation(
            summary = "Stream a topic as server-sent events",
            description = "Each event is named 'record'; its data is a ConsumedRecord and its id a cursor "
                    + "(partition:nextOffset,...). Reconnecting with Last-Event-ID (EventSource does) or ?cursor= "
                    + "resumes right after that event, on any gateway. Idle streams get ':heartbeat' comments.")
    @ApiResponse(
            responseCode = "200",
            description = "An endless text/event-stream of 'record' events",
            content =
                    @Content(
                            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = ConsumedRecord.class)))
    @GetMapping(path = "/v1/topics/{topic}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Mono<Void> topicEvents(
            @PathVariable String topic,
            @Parameter(description = "beginning, end (default) or a timestamp in epoch milliseconds")
                    @RequestParam(required = false)
                    String from,
            @Parameter(description = "Comma-separated partitions to stream (default all)")
                    @RequestParam(required = false)
                    List<Integer> partitions,
            @Parameter(description = "Resume after this cursor (as Last-Event-ID)") @RequestParam(required = false)
                    String cursor,
            @Parameter(description = "string (default), json or base64") @RequestParam(required = false)
                    String keyFormat,
            @Parameter(description = "json (default), string or base64") @RequestParam(required = false)
                    String valueFormat,
            @Parameter(hidden = true) @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(hidden = true) ServerHttpResponse response) {
        StartPosition start = StartPosition.parse(from);
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId : cursor;
        Cursor resume = resumeFrom == null || resumeFrom.isBlank() ? null : Cursor.parse(resumeFrom);
        RecordFormat keys = RecordFormats.orDefault(keyFormat, RecordFormat.STRING);
        RecordFormat values = RecordFormats.orDefault(valueFormat, RecordFormat.JSON);
        response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        response.getHeaders().setCacheControl("no-cache");
        return authorizer
                .require(Permission.READ, topic)
                .then(topics.topic(topic))
                .then(Mono.usingWhen(
                        tails.acquire(topic),
                        lease -> {
                            TopicTail tail = lease.tail();
                            List<Integer> chosen = choose(tail, partitions);
                            return starts.resolve(tail, chosen, resume, start)
                                    .flatMap(next -> serve(tail, next, keys, values, response));
                        },
                        lease -> Mono.fromRunnable(lease::close)));
    }

    /**
     * Streams {@code tail} from {@code next} until the client goes away: straight to the socket when
     * the response is the gateway's own HTTP/1.1 server's (after the headers and the opening went out
     * through the response), otherwise through the response's reactive writer.
     */
    private Mono<Void> serve(
            TopicTail tail,
            Map<Integer, Long> next,
            RecordFormat keys,
            RecordFormat values,
            ServerHttpResponse response) {
        Runnable closed = metrics.sseOpened();
        Mono<Void> served = SseChannel.of(response)
                .map(socket -> {
                    EventStream stream = stream(tail, next, keys, values, socket.eventLoop());
                    return response.writeWith(Flux.just(response.bufferFactory().wrap(stream.opening())))
                            .then(Mono.defer(() -> socket.run(stream)));
                })
                .orElseGet(() -> {
                    Scheduler.Worker worker = ReactiveFrames.newWorker();
                    EventStream stream = stream(tail, next, keys, values, worker::schedule);
                    return response.writeWith(ReactiveFrames.of(stream, worker)
                            .map(frame -> response.bufferFactory().wrap(frame)));
                });
        return served.doFinally(signal -> closed.run());
    }

    private EventStream stream(
            TopicTail tail, Map<Integer, Long> next, RecordFormat keys, RecordFormat values, Executor executor) {
        Counter streamed = metrics.streamedCounter(tail.topic());
        return new EventStream(
                tail,
                reads,
                renderer,
                next,
                keys,
                values,
                limits.defaultLimit(),
                limits.heartbeatInterval(),
                streamed::increment,
                executor);
    }

    private static List<Integer> choose(TopicTail tail, List<Integer> requested) {
        List<Integer> all = tail.partitions();
        if (requested == null || requested.isEmpty()) {
            return all;
        }
        List<Integer> chosen = new ArrayList<>();
        for (Integer partition : requested) {
            if (partition == null || !all.contains(partition)) {
                throw ApiProblem.partitionNotFound(tail.topic(), partition == null ? -1 : partition, all.size());
            }
            if (!chosen.contains(partition)) {
                chosen.add(partition);
            }
        }
        return chosen;
    }
}
