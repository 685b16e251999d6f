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
import io.brook.gateway.produce.RecordProducer;
import io.brook.gateway.security.Permission;
import io.brook.gateway.security.TopicAuthorizer;
import io.brook.gateway.topic.TopicCatalog;
import io.brook.gateway.topic.TopicInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import tools.jackson.databind.ObjectMapper;

/** Produce: a JSON batch answered at once, or an NDJSON stream answered record by record. */
@RestController
@RequestMapping("/v1/topics/{topic}")
@Tag(name = "records", description = "Produce and read records")
public class ProduceController {

    private final TopicCatalog topics;
    private final RecordProducer producer;
    private final IdempotencyCache idempotency;
    private final TopicAuthorizer authorizer;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final int maxInFlight;

    public ProduceController(
            TopicCatalog topics,
            RecordProducer producer,
            IdempotencyCache idempotency,
            TopicAuthorizer authorizer,
            GatewayMetrics metrics,
            ObjectMapper json,
            GatewayProperties properties) {
        this.topics = topics;
        this.producer = producer;
        this.idempotency = idempotency;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.json = json;
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
            @RequestBody ProduceRequest request,
            @Parameter(description = "all (default), 1 or 0") @RequestParam(required = false) String acks,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return produceBatch(topic, null, request, acks, idempotencyKey);
    }

    @Operation(summary = "Produce records to one partition of a topic")
    @PostMapping(
            path = "/partitions/{partition}/records",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProduceResponse> produceToPartition(
            @PathVariable String topic,
            @PathVariable int partition,
            @RequestBody ProduceRequest request,
            @Parameter(description = "all (default), 1 or 0") @RequestParam(required = false) String acks,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return produceBatch(topic, partition, request, acks, idempotencyKey);
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

    private Mono<ProduceResponse> produceBatch(
            String topic, Integer partition, ProduceRequest request, String acks, String idempotencyKey) {
        Acks level = Acks.parse(acks);
        if (request == null || request.records() == null || request.records().isEmpty()) {
            return Mono.error(ApiProblem.invalidRecord("records must list at least one record"));
        }
        Mono<ProduceResponse> write = topics.topic(topic)
                .flatMap(info -> producer.sendAll(toKafka(info, partition, request), level))
                .map(ProduceResponse::new)
                .doOnNext(response -> metrics.produced(topic, (int) response.offsets().stream()
                        .filter(o -> o.error() == null)
                        .count()));
        Mono<ProduceResponse> answer = idempotencyKey == null || idempotencyKey.isBlank()
                ? write
                : authorizer
                        .principal()
                        .flatMap(principal -> idempotency.execute(
                                principal + '\u0000' + topic + '\u0000' + idempotencyKey,
                                fingerprint(topic, partition, level, request),
                                () -> write));
        return authorizer.require(Permission.WRITE, topic).then(answer);
    }

    private List<ProducerRecord<byte[], byte[]>> toKafka(TopicInfo info, Integer partition, ProduceRequest request) {
        if (partition != null && !info.hasPartition(partition)) {
            throw ApiProblem.partitionNotFound(info.name(), partition, info.partitions());
        }
        RecordFormat keys = orDefault(request.keyFormat(), RecordFormat.STRING);
        RecordFormat values = orDefault(request.valueFormat(), RecordFormat.JSON);
        List<ProducerRecord<byte[], byte[]>> records =
                new ArrayList<>(request.records().size());
        for (int i = 0; i < request.records().size(); i++) {
            records.add(producer.toKafka(info, partition, request.records().get(i), keys, values, i));
        }
        return records;
    }

    private byte[] fingerprint(String topic, Integer partition, Acks acks, ProduceRequest request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((topic + '\u0000' + partition + '\u0000' + acks).getBytes(StandardCharsets.UTF_8));
            digest.update(json.writeValueAsBytes(request));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static RecordFormat orDefault(RecordFormat format, RecordFormat fallback) {
        return format != null ? format : fallback;
    }
}
