package io.brook.gateway.api;

import io.brook.gateway.api.model.ProduceRecord;
import io.brook.gateway.api.model.ProduceRequest;
import io.brook.gateway.api.model.ProduceResponse;
import io.brook.gateway.api.model.RecordOffset;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.metrics.GatewayMetrics;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.produce.Acks;
import io.brook.gateway.produce.IdempotencyCache;
import io.brook.gateway.produce.ParsedProduceRequest;
import io.brook.gateway.produce.ProduceRequestParser;
import io.brook.gateway.produce.RecordProducer;
import io.brook.gateway.security.Permission;
import io.brook.gateway.security.TopicAuthorizer;
import io.brook.gateway.topic.TopicCatalog;
import io.brook.gateway.topic.TopicInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Produce: a JSON batch answered at once, or an NDJSON stream answered record by record. The JSON
 * batch is read as raw bytes and parsed without a tree (the hot path); its document is still
 * {@link ProduceRequest}. The NDJSON stream is decoded record by record by Jackson.
 */
@RestController
@RequestMapping("/v1/topics/{topic}")
@Tag(name = "records", description = "Produce and read records")
public class ProduceController {

    private final TopicCatalog topics;
    private final RecordProducer producer;
    private final IdempotencyCache idempotency;
    private final TopicAuthorizer authorizer;
    private final GatewayMetrics metrics;
    private final ProduceRequestParser parser;
    private final int maxInFlight;

    public ProduceController(
            TopicCatalog topics,
            RecordProducer producer,
            IdempotencyCache idempotency,
            TopicAuthorizer authorizer,
            GatewayMetrics metrics,
            ProduceRequestParser parser,
            GatewayProperties properties) {
        this.topics = topics;
        this.producer = producer;
        this.idempotency = idempotency;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.parser = parser;
        this.maxInFlight = properties.produce().maxInFlightPerStream();
    }

    // The JSON and NDJSON forms are one operation of the document, told apart by content type.
    @Operation(
            operationId = "produce",
            summary = "Produce records to a topic",
            description = "Answers partition and offset per record, in request order, or an error per record. "
                    + "With an Idempotency-Key header a retried request writes nothing twice. As NDJSON (one "
                    + "ProduceRecord per line, formats as query parameters) it streams back one RecordOffset per "
                    + "record, in order.")
    @PostMapping(
            path = "/records",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProduceResponse> produce(
            @PathVariable String topic,
            // Both forms: springdoc merges this operation with produceStream, but an annotated body replaces
            // what it merged so far instead of adding to it.
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        schema = @Schema(implementation = ProduceRequest.class)),
                                @Content(
                                        mediaType = MediaType.APPLICATION_NDJSON_VALUE,
                                        array = @ArraySchema(schema = @Schema(implementation = ProduceRecord.class)))
                            })
                    @RequestBody
                    byte[] body,
            @Parameter(description = "all (default), 1 or 0") @RequestParam(required = false) String acks,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return produceBatch(topic, null, body, acks, idempotencyKey);
    }

    @Operation(summary = "Produce records to one partition of a topic")
    @PostMapping(
            path = "/partitions/{partition}/records",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProduceResponse> produceToPartition(
            @PathVariable String topic,
            @PathVariable int partition,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = ProduceRequest.class)))
                    @RequestBody
                    byte[] body,
            @Parameter(description = "all (default), 1 or 0") @RequestParam(required = false) String acks,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return produceBatch(topic, partition, body, acks, idempotencyKey);
    }

    @Operation(
            operationId = "produce",
            summary = "Produce a stream of records",
            description =
                    "Takes one ProduceRecord per line (NDJSON) and streams back one RecordOffset per record, in order.")
    @PostMapping(
            path = "/records",
            consumes = MediaType.APPLICATION_NDJSON_VALUE,
            produces = MediaType.APPLICATION_NDJSON_VALUE)
    public Flux<RecordOffset> produceStream(
            @PathVariable String topic,
            @RequestBody Flux<ProduceRecord> records,
            @Parameter(description = "string (default), json or base64") @RequestParam(required = false)
                    String keyFormat,
            @Parameter(description = "json (default), string or base64") @RequestParam(required = false)
                    String valueFormat,
            @Parameter(description = "all (default), 1 or 0") @RequestParam(required = false) String acks) {
        Acks level = Acks.parse(acks);
        RecordFormat keys = orDefault(RecordFormat.parse(keyFormat), RecordFormat.STRING);
        RecordFormat values = orDefault(RecordFormat.parse(valueFormat), RecordFormat.JSON);
        AtomicInteger index = new AtomicInteger();
        return authorizer
                .require(Permission.WRITE, topic)
                .then(topics.topic(topic))
                .flatMapMany(info -> records.map(
                                record -> producer.toKafka(info, null, record, keys, values, index.getAndIncrement()))
                        .flatMapSequential(
                                record -> Mono.fromFuture(() -> producer.send(record, level)), maxInFlight, 1))
                .doOnNext(outcome -> metrics.produced(topic, outcome.error() == null ? 1 : 0));
    }

    /**
     * A JSON batch: the raw body is parsed straight into slices ({@link ProduceRequestParser}), checked
     * against the topic and converted to Kafka records ({@link RecordProducer#toKafka(TopicInfo, Integer,
     * ParsedProduceRequest)}), then sent as one batch ({@link RecordProducer#sendAll}).
     */
    private Mono<ProduceResponse> produceBatch(
            String topic, Integer partition, byte[] body, String acks, String idempotencyKey) {
        ParsedProduceRequest request;
        try {
            request = parser.parse(body);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        Acks level = Acks.parse(acks);
        if (request.isEmpty()) {
            return Mono.error(ApiProblem.invalidRecord("records must list at least one record"));
        }
        Mono<ProduceResponse> write = topics.topic(topic)
                .flatMap(info -> producer.sendAll(producer.toKafka(info, partition, request), level))
                .map(ProduceResponse::new)
                .doOnNext(response -> metrics.produced(topic, written(response)));
        Mono<ProduceResponse> answer = idempotencyKey == null || idempotencyKey.isBlank()
                ? write
                : authorizer
                        .principal()
                        .flatMap(principal -> idempotency.execute(
                                principal + '\u0000' + topic + '\u0000' + idempotencyKey,
                                fingerprint(topic, partition, level, body),
                                () -> write));
        return authorizer.require(Permission.WRITE, topic).then(answer);
    }

    private static int written(ProduceResponse response) {
        int written = 0;
        for (RecordOffset offset : response.offsets()) {
            if (offset.error() == null) {
                written++;
            }
        }
        return written;
    }

    /** The same request is the same topic, partition, acks and body bytes. */
    private static byte[] fingerprint(String topic, Integer partition, Acks acks, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((topic + '\u0000' + partition + '\u0000' + acks + '\u0000').getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static RecordFormat orDefault(RecordFormat format, RecordFormat fallback) {
        return format != null ? format : fallback;
    }
}
