package io.brook.gateway.produce;

import io.brook.gateway.api.model.ProduceResponse;
import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.consume.ReaderConsumers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The idempotency journal in a compacted Kafka topic ({@value #TOPIC}, one partition, records keyed
 * by the scoped idempotency key, deleted after the TTL). Every replica tails it from the beginning
 * on its own thread and remembers what it reads; a replica appends an answer before sending it to
 * the client, so a retry that reaches another replica a moment later finds it.
 *
 * <p>A retry racing the first request (before its answer is in the journal) can still be written
 * twice across replicas; on one replica the in-flight request is shared.
 */
@Component
public class KafkaIdempotencyJournal implements IdempotencyJournal, SmartLifecycle {

    static final String TOPIC = "__brook_gateway_idempotency";
    private static final Logger log = LoggerFactory.getLogger(KafkaIdempotencyJournal.class);

    private final Admin admin;
    private final ProducerPool producers;
    private final ReaderConsumers consumers;
    private final ObjectMapper json;
    private final long ttlMillis;
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
    private volatile org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> reader;
    private volatile boolean running;
    private Thread thread;

    public KafkaIdempotencyJournal(
            Admin admin,
            ProducerPool producers,
            ReaderConsumers consumers,
            ObjectMapper json,
            GatewayProperties properties) {
        this.admin = admin;
        this.producers = producers;
        this.consumers = consumers;
        this.json = json;
        this.ttlMillis = properties.produce().idempotencyTtl().toMillis();
    }

    @Override
    public Mono<Void> append(Entry entry) {
        ObjectNode value = json.createObjectNode();
        value.put("fingerprint", Base64.getEncoder().encodeToString(entry.fingerprint()));
        value.put("expiresAt", entry.expiresAt());
        value.set("response", json.valueToTree(entry.response()));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                TOPIC, 0, entry.key().getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(value));
        return Mono.fromFuture(() -> {
                    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
                    producers.producer(Acks.ALL).send(record, (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(null);
                        }
                    });
                    return done;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(error -> {
                    log.warn("Could not share an idempotency answer with other gateways; it stays on this one", error);
                    return Mono.empty();
                });
    }

    @Override
    public void subscribe(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "brook-idempotency-journal");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        var current = reader;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running && !ensureTopic()) {
            sleep(2_000);
        }
        if (!running) {
            return;
        }
        reader = consumers.create("idempotency", 1_000);
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (var consumer = reader) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read(record);
                }
            }
        } catch (WakeupException stopping) {
            // stop()
        } catch (RuntimeException e) {
            log.warn("The idempotency journal reader stopped; answers stay local to this gateway", e);
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        try {
            JsonNode value = json.readTree(record.value());
            long expiresAt = value.get("expiresAt").asLong();
            if (expiresAt <= System.currentTimeMillis()) {
                return;
            }
            Entry entry = new Entry(
                    new String(record.key(), StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(value.get("fingerprint").asString()),
                    expiresAt,
                    json.treeToValue(value.get("response"), ProduceResponse.class));
            listeners.forEach(listener -> listener.accept(entry));
        } catch (RuntimeException e) {
            log.warn("Skipping an unreadable idempotency journal record at offset {}", record.offset(), e);
        }
    }

    private boolean ensureTopic() {
        NewTopic topic = new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(ttlMillis)));
        try {
            admin.createTopics(List.of(topic)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return true;
            }
            log.warn("Could not create the idempotency journal topic {}; retrying", TOPIC, e.getCause());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
