package io.brook.gateway.topic;

import io.brook.gateway.api.model.CreateTopicRequest;
import io.brook.gateway.api.model.PartitionDetails;
import io.brook.gateway.api.model.TopicConfigPatch;
import io.brook.gateway.api.model.TopicConfigValue;
import io.brook.gateway.api.model.TopicDetails;
import io.brook.gateway.api.model.TopicSummary;
import io.brook.gateway.problem.ApiProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Topic administration over the shared {@link Admin} client: listing, describing (with each
 * partition's earliest and latest offsets), creating, deleting, growing and configuring topics.
 * Every call is non-blocking (the admin client's futures become {@link Mono}s) and answers
 * {@link ApiProblem#topicNotFound} for a topic the cluster does not know; other Kafka errors
 * propagate for {@code ProblemMapper}. Changes drop the topic from the {@link TopicCatalog}.
 * Authorization is the caller's job. Stateless; safe from any thread.
 */
@Component
public class TopicAdmin {

    private final Admin admin;
    private final TopicCatalog catalog;

    public TopicAdmin(Admin admin, TopicCatalog catalog) {
        this.admin = admin;
        this.catalog = catalog;
    }

    /** Names of the cluster's topics, internal ones only when {@code internal}. */
    public Mono<List<String>> names(boolean internal) {
        return mono(() -> admin.listTopics(new ListTopicsOptions().listInternal(internal))
                        .names())
                .map(names -> names.stream().sorted().toList());
    }

    /** Summaries of {@code names}, in name order; topics deleted meanwhile are left out. */
    public Mono<List<TopicSummary>> summaries(Collection<String> names) {
        if (names.isEmpty()) {
            return Mono.just(List.of());
        }
        return mono(() -> admin.describeTopics(names).allTopicNames())
                .onErrorResume(UnknownTopicOrPartitionException.class, e -> describeEach(names))
                .map(descriptions -> descriptions.values().stream()
                        .map(d -> new TopicSummary(d.name(), d.partitions().size(), d.isInternal()))
                        .sorted(Comparator.comparing(TopicSummary::name))
                        .toList());
    }

    /** A topic with its partitions, replicas and offsets. */
    public Mono<TopicDetails> describe(String name) {
        return description(name).flatMap(this::details);
    }

    /** Creates a topic and answers its description. */
    public Mono<TopicDetails> create(CreateTopicRequest request) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            return Mono.error(ApiProblem.badRequest("name is required"));
        }
        if (request.partitions() != null && request.partitions() < 1) {
            return Mono.error(ApiProblem.badRequest("partitions must be at least 1"));
        }
        if (request.replicationFactor() != null && request.replicationFactor() < 1) {
            return Mono.error(ApiProblem.badRequest("replicationFactor must be at least 1"));
        }
        String name = request.name();
        NewTopic topic = new NewTopic(
                name, Optional.ofNullable(request.partitions()), Optional.ofNullable(request.replicationFactor()));
        if (request.configs() != null && !request.configs().isEmpty()) {
            topic.configs(request.configs());
        }
        return mono(() -> admin.createTopics(List.of(topic)).all())
                .doFinally(signal -> catalog.invalidate(name))
                // Another broker's metadata may not know the topic for a moment after it was created.
                .then(Mono.defer(() -> describe(name))
                        .retryWhen(Retry.backoff(5, Duration.ofMillis(50))
                                .filter(TopicAdmin::isTopicNotFound)
                                .onRetryExhaustedThrow((spec, signal) -> signal.failure())));
    }

    /** Deletes a topic. */
    public Mono<Void> delete(String name) {
        return mono(() -> admin.deleteTopics(List.of(name)).all())
                .onErrorMap(UnknownTopicOrPartitionException.class, e -> ApiProblem.topicNotFound(name))
                .doFinally(signal -> catalog.invalidate(name));
    }

    /** Grows a topic to {@code count} partitions and answers its new description. */
    public Mono<TopicDetails> grow(String name, Integer count) {
        if (count == null || count < 1) {
            return Mono.error(ApiProblem.badRequest("count must be at least 1"));
        }
        return mono(() -> admin.createPartitions(Map.of(name, NewPartitions.increaseTo(count)))
                        .all())
                .onErrorMap(UnknownTopicOrPartitionException.class, e -> ApiProblem.topicNotFound(name))
                .doFinally(signal -> catalog.invalidate(name))
                .then(Mono.defer(() -> describe(name)));
    }

    /** The topic's configs by name, in name order. */
    public Mono<SortedMap<String, TopicConfigValue>> configs(String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        return mono(() -> admin.describeConfigs(List.of(resource)).values().get(resource))
                .onErrorMap(UnknownTopicOrPartitionException.class, e -> ApiProblem.topicNotFound(name))
                .map(TopicAdmin::configValues);
    }

    /** Sets and resets configs of a topic in one incremental change, and answers the configs after it. */
    public Mono<SortedMap<String, TopicConfigValue>> alterConfigs(String name, TopicConfigPatch patch) {
        List<AlterConfigOp> ops = new ArrayList<>();
        if (patch != null && patch.set() != null) {
            for (Map.Entry<String, String> set : patch.set().entrySet()) {
                if (set.getValue() == null) {
                    return Mono.error(ApiProblem.badRequest(
                            "set." + set.getKey() + " has no value; list it under delete to reset it"));
                }
                ops.add(new AlterConfigOp(new ConfigEntry(set.getKey(), set.getValue()), AlterConfigOp.OpType.SET));
            }
        }
        if (patch != null && patch.delete() != null) {
            for (String key : patch.delete()) {
                if (patch.set() != null && patch.set().containsKey(key)) {
                    return Mono.error(ApiProblem.badRequest("'" + key + "' is both set and deleted"));
                }
                ops.add(new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE));
            }
        }
        if (ops.isEmpty()) {
            return Mono.error(ApiProblem.badRequest("set or delete must name at least one config"));
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        return mono(() -> admin.incrementalAlterConfigs(Map.of(resource, ops)).all())
                .onErrorMap(UnknownTopicOrPartitionException.class, e -> ApiProblem.topicNotFound(name))
                .then(Mono.defer(() -> configs(name)));
    }

    private Mono<TopicDescription> description(String name) {
        return mono(() -> admin.describeTopics(List.of(name)).topicNameValues().get(name))
                .onErrorMap(UnknownTopicOrPartitionException.class, e -> ApiProblem.topicNotFound(name));
    }

    private Mono<Map<String, TopicDescription>> describeEach(Collection<String> names) {
        return Flux.fromIterable(names)
                .flatMap(name -> description(name).onErrorResume(ApiProblem.class, e -> Mono.empty()))
                .collectMap(TopicDescription::name);
    }

    private Mono<TopicDetails> details(TopicDescription description) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            TopicPartition tp = new TopicPartition(description.name(), partition.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }
        return Mono.zip(offsets(earliest), offsets(latest)).map(offsets -> {
            List<PartitionDetails> partitions = new ArrayList<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                TopicPartition tp = new TopicPartition(description.name(), partition.partition());
                partitions.add(new PartitionDetails(
                        partition.partition(),
                        partition.leader() == null || partition.leader().isEmpty()
                                ? null
                                : partition.leader().id(),
                        ids(partition.replicas()),
                        ids(partition.isr()),
                        offsets.getT1().get(tp),
                        offsets.getT2().get(tp)));
            }
            partitions.sort(Comparator.comparingInt(PartitionDetails::partition));
            return new TopicDetails(
                    description.name(),
                    description.topicId() == null ? null : description.topicId().toString(),
                    description.isInternal(),
                    partitions);
        });
    }

    /** Offsets of each partition; a partition whose offset cannot be read (no leader) is left out. */
    private Mono<Map<TopicPartition, Long>> offsets(Map<TopicPartition, OffsetSpec> specs) {
        if (specs.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Mono.fromSupplier(() -> admin.listOffsets(specs))
                .flatMap(result -> Flux.fromIterable(specs.keySet())
                        .flatMap(tp -> mono(() -> result.partitionResult(tp))
                                .map(ListOffsetsResultInfo::offset)
                                .map(offset -> Map.entry(tp, offset))
                                .onErrorResume(e -> Mono.empty()))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static SortedMap<String, TopicConfigValue> configValues(Config config) {
        SortedMap<String, TopicConfigValue> values = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            values.put(
                    entry.name(),
                    new TopicConfigValue(
                            entry.isSensitive() ? null : entry.value(),
                            entry.source() == null ? null : entry.source().name(),
                            entry.isDefault(),
                            entry.isReadOnly(),
                            entry.isSensitive()));
        }
        return values;
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes == null ? List.of() : nodes.stream().map(Node::id).toList();
    }

    private static boolean isTopicNotFound(Throwable error) {
        return error instanceof ApiProblem problem
                && problem.getBody().getType() != null
                && problem.getBody().getType().toString().endsWith("/topic-not-found");
    }

    /** Calls the admin client on subscription and completes with its future, off the caller's thread. */
    private static <T> Mono<T> mono(Supplier<KafkaFuture<T>> call) {
        return Mono.fromFuture(() -> call.get().toCompletionStage().toCompletableFuture())
                .onErrorMap(CompletionException.class, e -> e.getCause() != null ? e.getCause() : e);
    }
}
