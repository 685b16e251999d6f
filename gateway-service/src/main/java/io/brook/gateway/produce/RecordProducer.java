package io.brook.gateway.produce;

import io.brook.gateway.api.model.ProduceError;
import io.brook.gateway.api.model.ProduceRecord;
import io.brook.gateway.api.model.RecordOffset;
import io.brook.gateway.codec.RawJson;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.topic.TopicInfo;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns JSON records into Kafka records and sends them through the shared producers. A request is
 * validated whole before anything is sent (a bad record fails the request with 400 and writes
 * nothing); after that, each record succeeds or fails on its own.
 *
 * <p>A JSON batch comes as a {@link ParsedProduceRequest} (slices of the body, see
 * {@link ProduceRequestParser}) and is sent with {@link #sendAll}: one {@link BatchOutcomes} per
 * request, filled by the producer callbacks, no future per record. An NDJSON stream comes record by
 * record as {@link ProduceRecord} trees and is sent with {@link #send}.
 */
@Component
public class RecordProducer {

    private final ProducerPool producers;
    private final ObjectMapper json;
    /**
     * One thread per acks level makes that producer's sends. Sends from many threads contended for the
     * accumulator's per-partition locks (batches of hundreds of records each take a lock per record);
     * from one thread they don't, and a send that blocks (the producer's buffer is full) holds back
     * the requests behind it, which is the backpressure wanted.
     */
    private final Map<Acks, Scheduler> senders = new EnumMap<>(Acks.class);

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
        Integer partition = partition(topic, pathPartition, record.partition(), record.timestamp(), index);
        byte[] key = encode(record.key(), keyFormat, index, "key");
        byte[] value = encode(record.value(), valueFormat, index, "value");
        return new ProducerRecord<>(topic.name(), partition, record.timestamp(), key, value, headers(record.headers()));
    }

    /**
     * The Kafka records of a parsed JSON batch, in request order, or an {@link ApiProblem} naming the
     * first thing wrong with the request (nothing is sent then).
     */
    public List<ProducerRecord<byte[], byte[]>> toKafka(
            TopicInfo topic, Integer pathPartition, ParsedProduceRequest request) {
        if (pathPartition != null && !topic.hasPartition(pathPartition)) {
            throw ApiProblem.partitionNotFound(topic.name(), pathPartition, topic.partitions());
        }
        RecordFormat keyFormat = request.keyFormat() != null ? request.keyFormat() : RecordFormat.STRING;
        RecordFormat valueFormat = request.valueFormat() != null ? request.valueFormat() : RecordFormat.JSON;
        List<ParsedProduceRequest.ParsedRecord> records = request.records();
        List<ProducerRecord<byte[], byte[]>> kafka = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ParsedProduceRequest.ParsedRecord record = records.get(i);
            if (record == null) {
                throw ApiProblem.invalidRecord("records[" + i + "] is null");
            }
            Integer partition = partition(topic, pathPartition, record.partition(), record.timestamp(), i);
            byte[] key = encode(record.key(), keyFormat, i, "key");
            byte[] value = encode(record.value(), valueFormat, i, "value");
            kafka.add(new ProducerRecord<>(
                    topic.name(), partition, record.timestamp(), key, value, headers(record.headers())));
        }
        return kafka;
    }

    /** The partition a record goes to ({@code null}: the producer picks), after checking it and its timestamp. */
    private static Integer partition(
            TopicInfo topic, Integer pathPartition, Integer recordPartition, Long timestamp, int index) {
        Integer partition = pathPartition != null ? pathPartition : recordPartition;
        if (pathPartition != null && recordPartition != null && !recordPartition.equals(pathPartition)) {
            throw ApiProblem.invalidRecord("records[" + index + "].partition differs from the partition in the path");
        }
        if (partition != null && !topic.hasPartition(partition)) {
            throw ApiProblem.partitionNotFound(topic.name(), partition, topic.partitions());
        }
        if (timestamp != null && timestamp < 0) {
            throw ApiProblem.invalidRecord("records[" + index + "].timestamp must not be negative");
        }
        return partition;
    }

    private static List<Header> headers(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return new ArrayList<>(0);
        }
        List<Header> kafka = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String value = header.getValue();
            kafka.add(new RecordHeader(header.getKey(), value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        }
        return kafka;
    }

    /**
     * Sends {@code records} in order and answers one outcome per record, in the same order. Runs the
     * sends off the event loop, on the acks level's send thread (a send blocks while the producer's
     * buffer is full); the answer comes
     * when the producer's callback for the last outstanding record has run, on a parallel worker.
     */
    public Mono<List<RecordOffset>> sendAll(List<ProducerRecord<byte[], byte[]>> records, Acks acks) {
        return Mono.<List<RecordOffset>>create(sink -> {
                    BatchOutcomes outcomes = new BatchOutcomes(records.size(), sink);
                    Producer<byte[], byte[]> producer;
                    try {
                        producer = producers.producer(acks);
                    } catch (RuntimeException e) {
                        for (int i = 0; i < records.size(); i++) {
                            outcomes.complete(i, outcome(records.get(i).partition(), null, e));
                        }
                        return;
                    }
                    for (int i = 0; i < records.size(); i++) {
                        send(producer, records.get(i), i, outcomes);
                    }
                })
                .subscribeOn(sender(acks))
                // The last callback runs on the producer's I/O thread: answer from elsewhere so it keeps sending.
                .publishOn(Schedulers.parallel());
    }

    private synchronized Scheduler sender(Acks acks) {
        return senders.computeIfAbsent(acks, level -> Schedulers.newSingle("brook-send-acks-" + level.config(), true));
    }

    @PreDestroy
    synchronized void stopSenders() {
        senders.values().forEach(Scheduler::dispose);
        senders.clear();
    }

    private static void send(
            Producer<byte[], byte[]> producer,
            ProducerRecord<byte[], byte[]> record,
            int index,
            BatchOutcomes outcomes) {
        Integer partition = record.partition();
        try {
            producer.send(record, (metadata, error) -> outcomes.complete(index, outcome(partition, metadata, error)));
        } catch (RuntimeException e) {
            outcomes.complete(index, outcome(partition, null, e));
        }
    }

    /** Sends one record; the future completes with its outcome and never fails. */
    public CompletableFuture<RecordOffset> send(ProducerRecord<byte[], byte[]> record, Acks acks) {
        CompletableFuture<RecordOffset> outcome = new CompletableFuture<>();
        Integer partition = record.partition();
        try {
            producers
                    .producer(acks)
                    .send(record, (metadata, error) -> outcome.complete(outcome(partition, metadata, error)));
        } catch (RuntimeException e) {
            outcome.complete(outcome(partition, null, e));
        }
        return outcome;
    }

    private static RecordOffset outcome(Integer partition, RecordMetadata metadata, Exception error) {
        if (error != null) {
            Errors code = error instanceof ApiException api ? Errors.forException(api) : Errors.UNKNOWN_SERVER_ERROR;
            return RecordOffset.failed(partition, new ProduceError(code.name(), error.getMessage()));
        }
        Long offset = metadata.hasOffset() ? metadata.offset() : null;
        Long timestamp = metadata.hasTimestamp() ? metadata.timestamp() : null;
        return new RecordOffset(metadata.partition(), offset, timestamp, null);
    }

    private byte[] encode(JsonNode node, RecordFormat format, int index, String field) {
        try {
            return format.encode(node, json);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidRecord("records[" + index + "]." + field + ": " + e.getMessage());
        }
    }

    private static byte[] encode(RawJson raw, RecordFormat format, int index, String field) {
        try {
            return format.encode(raw);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidRecord("records[" + index + "]." + field + ": " + e.getMessage());
        }
    }
}
