package io.brook.gateway.topic;

import io.brook.gateway.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Topic metadata with a short cache, so every produce and read can answer 404 for an unknown topic
 * (instead of a producer blocking on metadata) without an admin round trip per request. Answers,
 * including "not found", are kept for {@link #TTL}; {@link #invalidate} drops one after a change.
 */
@Component
public class TopicCatalog {

    static final Duration TTL = Duration.ofSeconds(5);

    private final Admin admin;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Autowired
    public TopicCatalog(Admin admin) {
        this(admin, Clock.systemUTC());
    }

    TopicCatalog(Admin admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    /** The topic, or an {@link ApiProblem} 404 when it does not exist. */
    public Mono<TopicInfo> topic(String name) {
        long now = clock.millis();
        Cached cached = cache.get(name);
        if (cached == null || cached.expiresAt < now) {
            Mono<TopicInfo> lookup = describe(name)
                    .cache(info -> TTL, error -> isNotFound(error) ? TTL : Duration.ZERO, () -> Duration.ZERO);
            cached = new Cached(lookup, now + TTL.toMillis());
            cache.put(name, cached);
        }
        return cached.lookup;
    }

    /** The partition's topic, or 404 when the topic or the partition does not exist. */
    public Mono<TopicInfo> partition(String name, int partition) {
        return topic(name).flatMap(info -> {
            if (!info.hasPartition(partition)) {
                // The topic may have grown since it was cached.
                invalidate(name);
                return topic(name)
                        .flatMap(fresh -> fresh.hasPartition(partition)
                                ? Mono.just(fresh)
                                : Mono.error(ApiProblem.partitionNotFound(name, partition, fresh.partitions())));
            }
            return Mono.just(info);
        });
    }

    /** Forgets what is known of {@code name}, after it was created, deleted or grew. */
    public void invalidate(String name) {
        cache.remove(name);
    }

    private Mono<TopicInfo> describe(String name) {
        return Mono.fromFuture(() -> admin.describeTopics(List.of(name))
                        .topicNameValues()
                        .get(name)
                        .toCompletionStage()
                        .toCompletableFuture())
                .map(TopicCatalog::info)
                .onErrorMap(TopicCatalog::isNotFound, error -> ApiProblem.topicNotFound(name));
    }

    private static TopicInfo info(TopicDescription description) {
        return new TopicInfo(description.name(), description.partitions().size());
    }

    private static boolean isNotFound(Throwable error) {
        Throwable cause = error.getCause() != null && !(error instanceof ApiProblem) ? error.getCause() : error;
        return error instanceof UnknownTopicOrPartitionException
                || cause instanceof UnknownTopicOrPartitionException
                || error instanceof ApiProblem;
    }

    private record Cached(Mono<TopicInfo> lookup, long expiresAt) {}
}
