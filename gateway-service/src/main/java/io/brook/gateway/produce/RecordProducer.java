package io.brook.gateway.produce;

import io.brook.gateway.api.model.ProduceError;
import io.brook.gateway.api.model.ProduceRecord;
import io.brook.gateway.api.model.RecordOffset;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.topic.TopicInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns JSON records into Kafka records and sends them through the shared producers. A request is
 * validated whole before anything is sent (a bad record fails the request with 400 and writes
 * nothing); after that, each record succeeds or fails on its own.
 */
@Component
public class RecordProducer {

    private final ProducerPool producers;
    private final ObjectMapper json;

    public RecordProducer(ProducerPool producers, ObjectMapper json) {
        this.producers = producers;
        this.json = json;
    }

    /** The Kafka record for {@code record}, or an {@link ApiProblem} naming what is wrong with it. */
    public ProducerRecord<byte[], byte[]> toKafka(
            TopicInfo topic,
            Integer pathPartition,
            ProduceRecord record,
            RecordFormat keyFormat,
            RecordFormat valueFormat,
            int index) {
        if (record == null) {
            throw ApiProblem.invalidRecord("records[" + index + "] is null");
        }
        Integer partition = pathPartition != null ? pathPartition : record.partition();
        if (pathPartition != null
                && record.partition() != null
                && !record.partition().equals(pathPartition)) {
            throw ApiProblem.invalidRecord("records[" + index + "].partition differs from the partition in the path");
        }
        if (partition != null && !topic.hasPartition(partition)) {
            throw ApiProblem.partitionNotFound(topic.name(), partition, topic.partitions());
        }
        if (record.timestamp() != null && record.timestamp() < 0) {
            throw ApiProblem.invalidRecord("records[" + index + "].timestamp must not be negative");
        }
        byte[] key = encode(record.key(), keyFormat, "records[" + index + "].key");
        byte[] value = encode(record.value(), valueFormat, "records[" + index + "].value");
        List<Header> headers = new ArrayList<>();
        if (record.headers() != null) {
            for (Map.Entry<String, String> header : record.headers().entrySet()) {
                String headerValue = header.getValue();
                headers.add(new RecordHeader(
                        header.getKey(), headerValue == null ? null : headerValue.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new ProducerRecord<>(topic.name(), partition, record.timestamp(), key, value, headers);
    }

    /**
     * Sends {@code records} in order and answers one outcome per record, in the same order. Runs the
     * sends off the event loop (a send blocks while the producer's buffer is full).
     */
    public Mono<List<RecordOffset>> sendAll(List<ProducerRecord<byte[], byte[]>> records, Acks acks) {
        return Mono.fromCallable(() -> {
                    List<CompletableFuture<RecordOffset>> outcomes = new ArrayList<>(records.size());
                    for (ProducerRecord<byte[], byte[]> record : records) {
                        outcomes.add(send(record, acks));
                    }
                    return outcomes;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(outcomes -> Mono.fromFuture(
                                CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)))
                        .then(Mono.fromSupplier(() ->
                                outcomes.stream().map(CompletableFuture::join).toList())));
    }

    /** Sends one record; the future completes with its outcome and never fails. */
    public CompletableFuture<RecordOffset> send(ProducerRecord<byte[], byte[]> record, Acks acks) {
        CompletableFuture<RecordOffset> outcome = new CompletableFuture<>();
        try {
            producers
                    .producer(acks)
                    .send(record, (metadata, error) -> outcome.complete(outcome(record, metadata, error)));
        } catch (RuntimeException e) {
            outcome.complete(outcome(record, null, e));
        }
        return outcome;
    }

    private static RecordOffset outcome(
            ProducerRecord<byte[], byte[]> record, RecordMetadata metadata, Exception error) {
        if (error != null) {
            Errors code = error instanceof ApiException api ? Errors.forException(api) : Errors.UNKNOWN_SERVER_ERROR;
            return RecordOffset.failed(record.partition(), new ProduceError(code.name(), error.getMessage()));
        }
        Long offset = metadata.hasOffset() ? metadata.offset() : null;
        Long timestamp = metadata.hasTimestamp() ? metadata.timestamp() : null;
        return new RecordOffset(metadata.partition(), offset, timestamp, null);
    }

    private byte[] encode(JsonNode node, RecordFormat format, String field) {
        try {
            return format.encode(node, json);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidRecord(field + ": " + e.getMessage());
        }
    }
}
