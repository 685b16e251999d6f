package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import io.brook.broker.group.GroupRecord.OffsetCommit;
import io.brook.storage.AppendResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every group of one {@code __consumer_offsets} partition, and their committed offsets, on the broker leading
 * that partition: classic groups (JoinGroup/SyncGroup) and consumer groups (ConsumerGroupHeartbeat, KIP-848). A
 * group id is of one type at a time; only an empty classic group may become a consumer group.
 *
 * <p>Threading: single-threaded. Every operation, timer and load step runs as a task on the shard's serial
 * executor; the public methods only enqueue. A task builds a {@link CoordinatorResult}, whose records are appended
 * to the partition as one producer-less batch at the leader epoch and then replayed ({@link #replay}, the same
 * code that rebuilds the shard at load) before any reply goes out, and replies wait for the flush the topic
 * demands. So durable state changes only by replaying appended records, and an acknowledged write survives a crash.
 *
 * <p>Lifecycle: LOADING (requests get COORDINATOR_LOAD_IN_PROGRESS) → ACTIVE → CLOSED when leadership moves away
 * (requests get NOT_COORDINATOR and waiting members are answered with it).
 */
public final class GroupCoordinatorShard {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinatorShard.class);
    private static final String EXPIRY_TIMER = "offsets-expiry";

    enum Status {
        LOADING,
        ACTIVE,
        CLOSED
    }

    private final int partition;
    private final CoordinatorLog partitionLog;
    private final Executor executor;
    private final Clock clock;
    private final GroupConfig config;
    private final ShardTimers timers;
    private final Map<String, Group> groups = new HashMap<>();
    private final OffsetStore offsets;
    private final OffsetOperations offsetOperations;
    private final ClassicRebalancer rebalancer;
    private final ClassicGroupJoin join;
    private final ClassicGroupMembership membership;
    private final ShardOperations operations;
    private final ConsumerGroupHeartbeat consumerHeartbeat;
    private final ConsumerGroupDescriber consumerDescriber;
    private volatile Status status = Status.LOADING;

    /**
     * @param executor runs one task at a time in submission order (a {@link io.brook.broker.execution.SerialExecutor}, or direct in tests)
     * @param consumerConfig the consumer group protocol's settings
     * @param topics the cluster's topics, as consumer groups resolve subscriptions
     * @param memberIds supplies the unique part of new member ids
     */
    public GroupCoordinatorShard(
            int partition,
            CoordinatorLog partitionLog,
            Executor executor,
            GroupScheduler scheduler,
            Clock clock,
            GroupConfig config,
            ConsumerGroupConfig consumerConfig,
            ConsumerTopics topics,
            Supplier<String> memberIds,
            OffsetListener offsetListener) {
        this.partition = partition;
        this.partitionLog = partitionLog;
        this.executor = executor;
        this.clock = clock;
        this.config = config;
        this.timers = new ShardTimers(scheduler, executor, this::runOperation);
        this.offsets = new OffsetStore(offsetListener);
        this.offsetOperations = new OffsetOperations(config, offsets);
        this.rebalancer = new ClassicRebalancer(config, timers, clock);
        this.join = new ClassicGroupJoin(config, rebalancer, new ClassicGroupLookup(), memberIds);
        this.membership = new ClassicGroupMembership(rebalancer);
        this.consumerHeartbeat = new ConsumerGroupHeartbeat(
                consumerConfig, topics, timers, clock, this::consumerGroup, memberIds, result -> result::record);
        this.consumerDescriber = new ConsumerGroupDescriber(topics, consumerHeartbeat.assigner());
        this.operations = new ShardOperations(this);
    }

    public int partition() {
        return partition;
    }

    boolean isActive() {
        return status == Status.ACTIVE;
    }

    /** The request-facing operations of this shard. */
    public ShardOperations operations() {
        return operations;
    }

    /** Replays the partition from its log start offset, then starts serving; completes when ready. */
    public CompletableFuture<Void> load() {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                long start = clock.millis();
                long read = ShardLoader.load(partitionLog, this::replay);
                for (Group group : groups.values()) {
                    if (group instanceof ClassicGroup classic) {
                        classic.members().forEach(m -> rebalancer.scheduleSession(classic, m));
                    } else if (group instanceof ConsumerGroup consumer) {
                        consumer.members()
                                .forEach(m -> consumerHeartbeat.scheduleSession(consumer.groupId(), m.memberId()));
                    }
                }
                status = Status.ACTIVE;
                scheduleExpiry();
                if (read > 0) {
                    log.info(
                            "Loaded {} groups of offsets partition {} ({} offsets read) in {} ms",
                            groups.size(),
                            partition,
                            read,
                            clock.millis() - start);
                }
                loaded.complete(null);
            } catch (RuntimeException e) {
                log.error("Could not load offsets partition {}", partition, e);
                status = Status.CLOSED;
                loaded.completeExceptionally(e);
            }
        });
        return loaded;
    }

    /** Stops serving (leadership moved away): waiting members get NOT_COORDINATOR and the state is dropped. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        executor.execute(() -> {
            status = Status.CLOSED;
            timers.cancelAll();
            for (Group group : groups.values()) {
                if (group instanceof ClassicGroup classic) {
                    for (ClassicGroupMember m : classic.members()) {
                        if (m.isAwaitingJoin()) {
                            m.takeJoinResponder().fail(Errors.NOT_COORDINATOR);
                        }
                        if (m.isAwaitingSync()) {
                            m.takeSyncResponder().fail(Errors.NOT_COORDINATOR);
                        }
                    }
                }
            }
            groups.clear();
            offsets.clear();
            closed.complete(null);
        });
        return closed;
    }

    private void scheduleExpiry() {
        timers.schedule(EXPIRY_TIMER, config.offsetsRetentionCheckIntervalMs(), result -> {
            expireOffsets(result);
            scheduleExpiry();
        });
    }

    void expireOffsets(CoordinatorResult result) {
        List<String> deleted = offsetOperations.expire(result, groups, clock.millis());
        if (!deleted.isEmpty()) {
            log.info("Expiring empty groups {} of offsets partition {}", deleted, partition);
        }
    }

    /** Runs {@code op} on the shard's thread as one operation; {@code responder} gets its answer. */
    <R> CompletableFuture<R> submit(Responder<R> responder, Consumer<CoordinatorResult> op) {
        executor.execute(() -> {
            if (status != Status.ACTIVE) {
                responder.fail(status == Status.LOADING ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NOT_COORDINATOR);
                return;
            }
            try {
                runOperation(op);
            } catch (RuntimeException e) {
                log.error("Group operation on offsets partition {} failed", partition, e);
                responder.fail(Errors.UNKNOWN_SERVER_ERROR);
            }
        });
        return responder.future();
    }

    /** Builds, appends, replays and answers one operation. Runs on the shard's thread. */
    private void runOperation(Consumer<CoordinatorResult> op) {
        if (status != Status.ACTIVE) {
            return;
        }
        CoordinatorResult result = new CoordinatorResult();
        op.accept(result);
        List<GroupRecord> records = result.records();
        if (records.isEmpty()) {
            result.sendReplies();
            return;
        }
        AppendResult appended;
        try {
            appended = partitionLog.append(GroupRecordCodec.toBatch(records, clock.millis()));
        } catch (RuntimeException e) {
            log.warn("Could not append {} records to offsets partition {}", records.size(), partition, e);
            result.rollBack();
            result.failReplies(CoordinatorResult.appendError(e));
            return;
        }
        records.forEach(this::replay);
        partitionLog.awaitDurable(appended).whenComplete((ignored, failure) -> {
            if (failure == null) {
                result.sendReplies();
            } else {
                result.failReplies(CoordinatorResult.appendError(failure));
            }
        });
    }

    /**
     * Applies one appended (or loaded) record: the only way groups and offsets change durably. Offsets of a group
     * not seen yet create it as an empty classic group, as standalone consumers' commits do.
     */
    void replay(GroupRecord record) {
        if (record instanceof OffsetCommit commit) {
            if (!commit.isTombstone() && !groups.containsKey(commit.groupId())) {
                groups.put(
                        commit.groupId(),
                        new ClassicGroup(commit.groupId(), commit.value().commitTimestampMs()));
            }
            offsets.replay(commit);
        } else if (record instanceof ClassicGroupMetadata metadata) {
            replayGroup(metadata);
        } else if (record instanceof ConsumerGroupRecord consumer) {
            replayConsumerGroup(consumer);
        }
    }

    /**
     * A consumer group's first record creates it, replacing an empty classic group of the same id (offsets
     * committed before, e.g. by standalone consumers, stay); its group-epoch tombstone removes it.
     */
    private void replayConsumerGroup(ConsumerGroupRecord record) {
        ConsumerGroup group = consumerGroup(record.groupId()).orElse(null);
        boolean deletion = record instanceof ConsumerGroupRecord.GroupEpoch && record.isTombstone();
        if (group == null) {
            if (deletion) {
                return;
            }
            group = new ConsumerGroup(record.groupId(), clock);
            groups.put(record.groupId(), group);
        }
        group.replay(record);
        if (deletion) {
            groups.remove(record.groupId());
            for (ConsumerGroupMember m : group.members()) {
                consumerHeartbeat.cancelTimers(group.groupId(), m.memberId());
            }
        }
    }

    private void replayGroup(ClassicGroupMetadata record) {
        Optional<ClassicGroup> existing = classicGroup(record.groupId());
        if (record.isTombstone()) {
            existing.ifPresent(this::removeGroup);
            return;
        }
        ClassicGroup group = existing.orElseGet(() -> {
            ClassicGroup created =
                    new ClassicGroup(record.groupId(), record.value().stateTimestampMs());
            groups.put(record.groupId(), created);
            return created;
        });
        List<ClassicGroupMember> removed = group.replay(record.value());
        for (ClassicGroupMember m : removed) {
            rebalancer.cancelSession(group, m.memberId());
            if (m.isAwaitingJoin()) {
                m.takeJoinResponder().fail(Errors.UNKNOWN_MEMBER_ID);
            }
            if (m.isAwaitingSync()) {
                m.takeSyncResponder().fail(Errors.UNKNOWN_MEMBER_ID);
            }
        }
        if (status == Status.ACTIVE) {
            for (ClassicGroupMember m : group.members()) {
                if (!timers.isScheduled(ShardTimers.sessionKey(group.groupId(), m.memberId()))) {
                    rebalancer.scheduleSession(group, m);
                }
            }
        }
    }

    private void removeGroup(ClassicGroup group) {
        groups.remove(group.groupId());
        group.members().forEach(m -> rebalancer.cancelSession(group, m.memberId()));
        timers.cancel(ShardTimers.joinKey(group.groupId()));
        timers.cancel(ShardTimers.syncKey(group.groupId()));
        group.markDead(clock.millis());
    }

    /** Looks up classic groups for JoinGroup, creating new ones in memory (persisted by their first record). */
    private final class ClassicGroupLookup implements ClassicGroupJoin.Groups {
        @Override
        public Optional<ClassicGroup> classicGroup(String groupId) {
            return GroupCoordinatorShard.this.classicGroup(groupId);
        }

        @Override
        public ClassicGroup createClassicGroup(String groupId) {
            ClassicGroup group = new ClassicGroup(groupId, clock.millis());
            groups.put(groupId, group);
            return group;
        }
    }

    Optional<ClassicGroup> classicGroup(String groupId) {
        Group group = groups.get(groupId);
        return group instanceof ClassicGroup classic ? Optional.of(classic) : Optional.empty();
    }

    Optional<ConsumerGroup> consumerGroup(String groupId) {
        Group group = groups.get(groupId);
        return group instanceof ConsumerGroup consumer ? Optional.of(consumer) : Optional.empty();
    }

    ConsumerGroupHeartbeat consumerHeartbeat() {
        return consumerHeartbeat;
    }

    ConsumerGroupDescriber consumerDescriber() {
        return consumerDescriber;
    }

    Optional<Group> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    List<Group> groups() {
        return new ArrayList<>(groups.values());
    }

    Map<String, Group> groupsById() {
        return groups;
    }

    OffsetStore offsets() {
        return offsets;
    }

    OffsetOperations offsetOperations() {
        return offsetOperations;
    }

    ClassicGroupJoin join() {
        return join;
    }

    ClassicGroupMembership membership() {
        return membership;
    }

    ClassicRebalancer rebalancer() {
        return rebalancer;
    }

    long nowMs() {
        return clock.millis();
    }

    static <R> Responder<R> responder(Function<Errors, R> errorResponse) {
        return new Responder<>(errorResponse);
    }
}
