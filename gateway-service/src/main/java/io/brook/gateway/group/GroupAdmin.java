package io.brook.gateway.group;

import io.brook.gateway.api.model.GroupDetails;
import io.brook.gateway.api.model.GroupMember;
import io.brook.gateway.api.model.GroupPartitionOffset;
import io.brook.gateway.api.model.GroupSummary;
import io.brook.gateway.api.model.OffsetResetRequest;
import io.brook.gateway.api.model.PartitionOffset;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.topic.TopicCatalog;
import io.brook.gateway.topic.TopicInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedMemberEpochException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.StaleMemberEpochException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Consumer group administration over the shared {@link Admin} client: listing, describing (members,
 * committed offsets, log end offsets and lag), resetting offsets and deleting groups. Every call is
 * non-blocking. An unknown group is {@link ApiProblem#groupNotFound}; a change refused because the
 * group has members is {@link ApiProblem#groupNotEmpty}. Authorization is the caller's job: it can
 * ask {@link #topics} which topics a group touches. Stateless; safe from any thread.
 */
@Component
public class GroupAdmin {

    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Admin admin;
    private final TopicCatalog catalog;

    public GroupAdmin(Admin admin, TopicCatalog catalog) {
        this.admin = admin;
        this.catalog = catalog;
    }

    /** Every group of the cluster, in id order. */
    public Mono<List<GroupSummary>> list() {
        return mono(() -> admin.listGroups().all())
                .map(groups -> groups.stream()
                        .map(g -> new GroupSummary(
                                g.groupId(),
                                g.groupState().map(GroupState::toString).orElse(null),
                                g.type().map(Object::toString).orElse(null),
                                g.protocol()))
                        .sorted(Comparator.comparing(GroupSummary::groupId))
                        .toList());
    }

    /** The group's members, committed offsets, log end offsets and lag; 404 when it does not exist. */
    public Mono<GroupDetails> describe(String group) {
        return Mono.zip(description(group), committed(group)).flatMap(found -> {
            ConsumerGroupDescription description = found.getT1();
            Map<TopicPartition, OffsetAndMetadata> committed = found.getT2();
            if (isMissing(description, committed)) {
                return Mono.error(ApiProblem.groupNotFound(group));
            }
            Set<TopicPartition> partitions = new TreeSet<>(PARTITION_ORDER);
            partitions.addAll(committed.keySet());
            for (MemberDescription member : description.members()) {
                partitions.addAll(member.assignment().topicPartitions());
            }
            return latestOffsets(partitions).map(ends -> details(description, committed, partitions, ends));
        });
    }

    /**
     * The topics {@code group} touches: those it has committed offsets for or members are assigned.
     * Empty for an unknown group.
     */
    public Mono<Set<String>> topics(String group) {
        return Mono.zip(description(group), committed(group))
                .map(found -> {
                    Set<String> topics = new TreeSet<>();
                    found.getT2().keySet().forEach(tp -> topics.add(tp.topic()));
                    for (MemberDescription member : found.getT1().members()) {
                        member.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic()));
                    }
                    return (Set<String>) topics;
                })
                .onErrorResume(ApiProblem.class, notFound -> Mono.just(Set.of()));
    }

    /**
     * Commits new offsets for {@code group} on a topic's partitions. Kafka accepts such a commit only
     * from a group without members; for a group with members this answers 409.
     */
    public Mono<List<PartitionOffset>> resetOffsets(String group, OffsetResetRequest request) {
        return Mono.defer(() -> reset(group, request, validate(request)));
    }

    private Mono<List<PartitionOffset>> reset(String group, OffsetResetRequest request, String to) {
        return catalog.topic(request.topic())
                .map(topic -> partitions(topic, request.partitions()))
                .flatMap(partitions -> requireNoMembers(group)
                        .then(targetOffsets(partitions, to, request))
                        .flatMap(offsets -> {
                            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                            offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
                            return mono(() -> admin.alterConsumerGroupOffsets(group, commit)
                                            .all())
                                    .onErrorMap(GroupAdmin::isActiveGroupError, e -> notEmpty(group, e))
                                    .thenReturn(offsets.entrySet().stream()
                                            .sorted(Map.Entry.comparingByKey(PARTITION_ORDER))
                                            .map(e -> new PartitionOffset(
                                                    e.getKey().topic(),
                                                    e.getKey().partition(),
                                                    e.getValue()))
                                            .toList());
                        }));
    }

    /** Deletes a group and its committed offsets; 409 while it has members. */
    public Mono<Void> delete(String group) {
        return mono(() -> admin.deleteConsumerGroups(List.of(group)).all())
                .onErrorMap(GroupIdNotFoundException.class, e -> ApiProblem.groupNotFound(group))
                .onErrorMap(GroupAdmin::isActiveGroupError, e -> notEmpty(group, e));
    }

    private Mono<ConsumerGroupDescription> description(String group) {
        return mono(() -> admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group))
                .onErrorMap(GroupIdNotFoundException.class, e -> ApiProblem.groupNotFound(group));
    }

    private Mono<Map<TopicPartition, OffsetAndMetadata>> committed(String group) {
        return mono(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                .map(offsets -> {
                    // Partitions without a committed offset come back with a null value.
                    Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
                    offsets.forEach((tp, offset) -> {
                        if (offset != null) {
                            present.put(tp, offset);
                        }
                    });
                    return present;
                })
                .onErrorMap(GroupIdNotFoundException.class, e -> ApiProblem.groupNotFound(group));
    }

    /** The broker may describe a group it does not know as Dead, with nothing in it. */
    private static boolean isMissing(
            ConsumerGroupDescription description, Map<TopicPartition, OffsetAndMetadata> committed) {
        return (description.groupState() == GroupState.DEAD || description.groupState() == GroupState.UNKNOWN)
                && description.members().isEmpty()
                && committed.isEmpty();
    }

    private Mono<Void> requireNoMembers(String group) {
        return description(group)
                .flatMap(description -> description.members().isEmpty()
                        ? Mono.<Void>empty()
                        : Mono.<Void>error(ApiProblem.groupNotEmpty(
                                group,
                                description.members().size() + " member(s); stop them before resetting offsets")))
                // A group nobody has used yet can be given offsets.
                .onErrorResume(
                        e -> e instanceof ApiProblem p && p.getStatusCode().value() == 404, e -> Mono.empty());
    }

    private static String validate(OffsetResetRequest request) {
        if (request == null || request.topic() == null || request.topic().isBlank()) {
            throw ApiProblem.badRequest("topic is required");
        }
        String to = request.to() == null ? "" : request.to().trim().toLowerCase(Locale.ROOT);
        switch (to) {
            case "earliest", "latest" -> {}
            case "timestamp" -> {
                if (request.timestamp() == null || request.timestamp() < 0) {
                    throw ApiProblem.badRequest("to=timestamp needs a timestamp (epoch milliseconds, not negative)");
                }
            }
            case "offset" -> {
                if (request.offset() == null || request.offset() < 0) {
                    throw ApiProblem.badRequest("to=offset needs an offset (not negative)");
                }
            }
            default ->
                throw ApiProblem.badRequest(
                        "to must be earliest, latest, timestamp or offset, not '" + request.to() + "'");
        }
        return to;
    }

    private static List<TopicPartition> partitions(TopicInfo topic, List<Integer> wanted) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (wanted == null || wanted.isEmpty()) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            return partitions;
        }
        for (Integer p : new TreeSet<>(wanted)) {
            if (p == null || !topic.hasPartition(p)) {
                throw ApiProblem.partitionNotFound(topic.name(), p == null ? -1 : p, topic.partitions());
            }
            partitions.add(new TopicPartition(topic.name(), p));
        }
        return partitions;
    }

    private Mono<Map<TopicPartition, Long>> targetOffsets(
            List<TopicPartition> partitions, String to, OffsetResetRequest request) {
        return switch (to) {
            case "earliest" -> offsets(partitions, OffsetSpec.earliest());
            case "latest" -> offsets(partitions, OffsetSpec.latest());
            case "timestamp" ->
                Mono.zip(
                                offsets(partitions, OffsetSpec.forTimestamp(request.timestamp())),
                                offsets(partitions, OffsetSpec.latest()))
                        .map(found -> {
                            // No record at or after the timestamp: the partition's end.
                            Map<TopicPartition, Long> offsets = new HashMap<>(found.getT1());
                            offsets.replaceAll(
                                    (tp, offset) -> offset < 0 ? found.getT2().get(tp) : offset);
                            return offsets;
                        });
            default ->
                Mono.zip(offsets(partitions, OffsetSpec.earliest()), offsets(partitions, OffsetSpec.latest()))
                        .map(found -> {
                            Map<TopicPartition, Long> offsets = new HashMap<>();
                            for (TopicPartition tp : partitions) {
                                long low = found.getT1().get(tp);
                                long high = found.getT2().get(tp);
                                offsets.put(tp, Math.max(low, Math.min(high, request.offset())));
                            }
                            return offsets;
                        });
        };
    }

    private Mono<Map<TopicPartition, Long>> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return mono(() -> admin.listOffsets(specs).all()).map(found -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            found.forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        });
    }

    /** Log end offsets; a partition whose end cannot be read (deleted topic, no leader) is left out. */
    private Mono<Map<TopicPartition, Long>> latestOffsets(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Mono.just(Map.of());
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        return Mono.fromSupplier(() -> admin.listOffsets(specs))
                .flatMap(result -> Flux.fromIterable(partitions)
                        .flatMap(tp -> mono(() -> result.partitionResult(tp))
                                .map(ListOffsetsResultInfo::offset)
                                .map(offset -> Map.entry(tp, offset))
                                .onErrorResume(e -> Mono.empty()))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static GroupDetails details(
            ConsumerGroupDescription description,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Set<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        List<GroupMember> members = description.members().stream()
                .map(GroupAdmin::member)
                .sorted(Comparator.comparing(GroupMember::memberId))
                .toList();
        List<GroupPartitionOffset> offsets = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            Long committedOffset = offset == null ? null : offset.offset();
            Long end = ends.get(tp);
            Long lag = committedOffset == null || end == null ? null : Math.max(0, end - committedOffset);
            String metadata = offset == null
                            || offset.metadata() == null
                            || offset.metadata().isEmpty()
                    ? null
                    : offset.metadata();
            offsets.add(new GroupPartitionOffset(tp.topic(), tp.partition(), committedOffset, metadata, end, lag));
        }
        return new GroupDetails(
                description.groupId(),
                description.groupState() == null
                        ? null
                        : description.groupState().toString(),
                description.type() == null ? null : description.type().toString(),
                description.partitionAssignor() == null
                                || description.partitionAssignor().isEmpty()
                        ? null
                        : description.partitionAssignor(),
                description.coordinator() == null
                        ? null
                        : description.coordinator().id(),
                members,
                offsets);
    }

    private static GroupMember member(MemberDescription member) {
        Map<String, List<Integer>> assignment = new TreeMap<>();
        member.assignment().topicPartitions().stream()
                .sorted(PARTITION_ORDER)
                .forEach(tp -> assignment
                        .computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                        .add(tp.partition()));
        return new GroupMember(
                member.consumerId(),
                member.groupInstanceId().orElse(null),
                member.clientId(),
                member.host(),
                assignment);
    }

    private static boolean isActiveGroupError(Throwable error) {
        return error instanceof GroupNotEmptyException
                || error instanceof UnknownMemberIdException
                || error instanceof IllegalGenerationException
                || error instanceof RebalanceInProgressException
                || error instanceof FencedMemberEpochException
                || error instanceof StaleMemberEpochException;
    }

    private static ApiProblem notEmpty(String group, Throwable error) {
        return ApiProblem.groupNotEmpty(group, "stop them first (" + error.getMessage() + ")");
    }

    /** Calls the admin client on subscription and completes with its future. */
    private static <T> Mono<T> mono(Supplier<KafkaFuture<T>> call) {
        return Mono.fromFuture(() -> call.get().toCompletionStage().toCompletableFuture())
                .onErrorMap(CompletionException.class, e -> e.getCause() != null ? e.getCause() : e);
    }
}
