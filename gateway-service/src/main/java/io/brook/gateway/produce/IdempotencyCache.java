package io.brook.gateway.produce;

import io.brook.gateway.api.model.ProduceResponse;
import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.problem.ApiProblem;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Answers of produce requests that carried an {@code Idempotency-Key}, so that a retry writes
 * nothing twice and gets the first answer back. Keys are scoped to the principal and the topic;
 * reusing a key with a different body is an error (422). A retry that arrives while the first
 * request is still running waits for it and shares its answer. A request that failed as a whole
 * (no answer) is forgotten, so its retry runs again. A client that disconnects does not cancel
 * the write: its retry gets the answer.
 *
 * <p>Answers are shared with the other gateway replicas through the {@link IdempotencyJournal}
 * before they are sent, and answers other replicas shared are remembered here, so a retry may reach
 * any replica.
 *
 * <p>Entries live for {@code brook.gateway.produce.idempotency-ttl}, at most
 * {@code idempotency-max-entries} of them, least recently used dropped first.
 */
@Component
public class IdempotencyCache {

    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;
    private final IdempotencyJournal journal;
    private final Map<String, Entry> entries;

    @Autowired
    public IdempotencyCache(GatewayProperties properties, IdempotencyJournal journal) {
        this(
                properties.produce().idempotencyTtl().toMillis(),
                properties.produce().idempotencyMaxEntries(),
                Clock.systemUTC(),
                journal);
    }

    IdempotencyCache(long ttlMillis, int maxEntries, Clock clock, IdempotencyJournal journal) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.journal = journal;
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > IdempotencyCache.this.maxEntries;
            }
        };
        journal.subscribe(this::remember);
    }

    /**
     * The answer for {@code key}: the remembered one if the key was seen with the same request
     * fingerprint, else the answer of {@code request}, run once, shared and remembered.
     */
    public Mono<ProduceResponse> execute(String key, byte[] fingerprint, Supplier<Mono<ProduceResponse>> request) {
        Entry entry;
        synchronized (entries) {
            long now = clock.millis();
            Entry existing = entries.get(key);
            if (existing != null && existing.expiresAt > now) {
                if (!Arrays.equals(existing.fingerprint, fingerprint)) {
                    return Mono.error(new ApiProblem(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "idempotency-key-reused",
                            "Idempotency key reused",
                            "This Idempotency-Key was used for a different request"));
                }
                return existing.answer;
            }
            long expiresAt = now + ttlMillis;
            Mono<ProduceResponse> answer = Mono.defer(request)
                    .flatMap(response -> journal.append(
                                    new IdempotencyJournal.Entry(key, fingerprint, expiresAt, response))
                            .thenReturn(response))
                    .doOnError(error -> forget(key))
                    .cache();
            entry = new Entry(fingerprint, answer, expiresAt);
            entries.put(key, entry);
        }
        return entry.answer;
    }

    /** Remembers an answer read from the journal, unless this replica already knows the key. */
    void remember(IdempotencyJournal.Entry shared) {
        synchronized (entries) {
            Entry existing = entries.get(shared.key());
            if (existing == null || existing.expiresAt <= clock.millis()) {
                entries.put(
                        shared.key(),
                        new Entry(shared.fingerprint(), Mono.just(shared.response()), shared.expiresAt()));
            }
        }
    }

    private void forget(String key) {
        synchronized (entries) {
            entries.remove(key);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private record Entry(byte[] fingerprint, Mono<ProduceResponse> answer, long expiresAt) {}
}
