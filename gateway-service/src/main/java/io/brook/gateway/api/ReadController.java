package io.brook.gateway.api;

import io.brook.gateway.api.model.ConsumedRecord;
import io.brook.gateway.api.model.PartitionRecords;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.consume.FeedRecord;
import io.brook.gateway.consume.PartitionReads;
import io.brook.gateway.consume.TopicTails;
import io.brook.gateway.metrics.GatewayMetrics;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.security.Permission;
import io.brook.gateway.security.TopicAuthorizer;
import io.brook.gateway.topic.TopicCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Stateless reads of one partition from an offset, with long-poll. */
@RestController
@Tag(name = "records", description = "Produce and read records")
public class ReadController {

    private final TopicCatalog topics;
    private final TopicTails tails;
    private final PartitionReads reads;
    private final RecordRenderer renderer;
    private final TopicAuthorizer authorizer;
    private final GatewayMetrics metrics;
    private final GatewayProperties.Consume limits;

    public ReadController(
            TopicCatalog topics,
            TopicTails tails,
            PartitionReads reads,
            RecordRenderer renderer,
            TopicAuthorizer authorizer,
            GatewayMetrics metrics,
            GatewayProperties properties) {
        this.topics = topics;
        this.tails = tails;
        this.reads = reads;
        this.renderer = renderer;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.limits = properties.consume();
    }

    @Operation(
            summary = "Read records of a partition from an offset",
            description = "Answers at once when records are there; otherwise waits up to timeoutMs for some. "
                    + "Continue with nextOffset. The gateway keeps no state between reads.")
    @GetMapping(path = "/v1/topics/{topic}/partitions/{partition}/records", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PartitionRecords> readPartition(
            @PathVariable String topic,
            @PathVariable int partition,
            @Parameter(description = "First offset to read") @RequestParam long offset,
            @Parameter(description = "Most records to return (default 100)") @RequestParam(required = false)
                    Integer limit,
            @Parameter(description = "Longest wait for records, in milliseconds (default 0)")
                    @RequestParam(required = false, defaultValue = "0")
                    long timeoutMs,
            @Parameter(description = "string (default), json or base64") @RequestParam(required = false)
                    String keyFormat,
            @Parameter(description = "json (default), string or base64") @RequestParam(required = false)
                    String valueFormat) {
        if (offset < 0) {
            return Mono.error(ApiProblem.badRequest("offset must not be negative"));
        }
        int max = limit == null ? limits.defaultLimit() : limit;
        if (max < 1 || max > limits.maxLimit()) {
            return Mono.error(ApiProblem.badRequest("limit must be between 1 and " + limits.maxLimit()));
        }
        if (timeoutMs < 0 || timeoutMs > limits.maxTimeout().toMillis()) {
            return Mono.error(ApiProblem.badRequest(
                    "timeoutMs must be between 0 and " + limits.maxTimeout().toMillis()));
        }
        RecordFormat keys = RecordFormats.orDefault(keyFormat, RecordFormat.STRING);
        RecordFormat values = RecordFormats.orDefault(valueFormat, RecordFormat.JSON);
        return authorizer
                .require(Permission.READ, topic)
                .then(topics.partition(topic, partition))
                .then(Mono.usingWhen(
                        tails.acquire(topic),
                        lease -> reads.readOrWait(lease.tail(), partition, offset, max, Duration.ofMillis(timeoutMs)),
                        lease -> Mono.fromRunnable(lease::close)))
                .map(read -> {
                    List<ConsumedRecord> records = read.records().stream()
                            .map(FeedRecord::record)
                            .map(record -> renderer.render(record, keys, values))
                            .toList();
                    metrics.streamed(topic, records.size());
                    return new PartitionRecords(topic, partition, records, read.nextOffset());
                });
    }
}
