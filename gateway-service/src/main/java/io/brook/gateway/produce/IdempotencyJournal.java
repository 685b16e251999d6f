package io.brook.gateway.produce;

import io.brook.gateway.api.model.ProduceResponse;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Where the answers of keyed produce requests are shared between gateway replicas, so a retry that
 * a load balancer sends to another replica finds the first answer there.
 */
public interface IdempotencyJournal {

    /** An answer to share: the scoped key, the request's fingerprint, when it expires. */
    record Entry(String key, byte[] fingerprint, long expiresAt, ProduceResponse response) {}

    /** Shares {@code entry}; completes once it is durable (or failed: the answer then stays local). */
    Mono<Void> append(Entry entry);

    /** Calls {@code listener} with every entry shared by any replica, this one included. */
    void subscribe(Consumer<Entry> listener);
}
