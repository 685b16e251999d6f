package io.brook.broker.group;

import io.brook.storage.LogConfig;
import io.brook.storage.LogManager;
import io.brook.storage.LogManagerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Drives one coordinator shard as clients would, with time in the test's hands: a real log on a temporary
 * directory, a direct executor (every operation runs on the calling thread) and {@link ManualTime}.
 */
final class GroupTestContext implements AutoCloseable {

    static final String OFFSETS_PARTITION_TOPIC = GroupConfig.OFFSETS_TOPIC;
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;
    static final long INITIAL_DELAY_MS = 100;

    final ManualTime time = new ManualTime(1_000_000);
    final GroupConfig config;
    private final LogManager logManager;
    final LogBackedCoordinatorLog log;
    private final AtomicInteger ids = new AtomicInteger();
    final ConsumerGroupConfig consumerConfig = ConsumerGroupConfig.defaults();
    final Map<String, ConsumerTopic> consumerTopics = new HashMap<>();
    private final ConsumerTopics topics = new ConsumerTopics() {
        @Override
        public Optional<ConsumerTopic> byName(String name) {
            return Optional.ofNullable(consumerTopics.get(name));
        }

        @Override
        public Optional<ConsumerTopic> byId(Uuid id) {
            return consumerTopics.values().stream()
                    .filter(t -> t.id().equals(id))
                    .findFirst();
        }
    };
    GroupCoordinatorShard shard;

    GroupTestContext(Path dir) {
        this(dir, GroupConfig.of(1, INITIAL_DELAY_MS, 24 * 60 * 60 * 1000L).withSessionTimeouts(1000, 600_000));
    }

    GroupTestContext(Path dir, GroupConfig config) {
        this.config = config;
        this.logManager = new LogManager(LogManagerConfig.of(dir), time);
        logManager.startup(topic -> LogConfig.defaults());
        this.log = new LogBackedCoordinatorLog(
                logManager.getOrCreateLog(new TopicPartition(OFFSETS_PARTITION_TOPIC, 0), LogConfig.defaults()));
        this.shard = newShard();
    }

    /** A fresh shard over the same log, loaded from it: what a restart or a leadership move does. */
    GroupCoordinatorShard newShard() {
        var created = new GroupCoordinatorShard(
                0,
                log,
                Runnable::run,
                time,
                time,
                config,
                consumerConfig,
                topics,
                () -> "m" + ids.incrementAndGet(),
                OffsetListener.NONE);
        created.load().join();
        return created;
    }

    ShardOperations ops() {
        return shard.operations();
    }

    static JoinGroupRequestData joinRequest(String group, String memberId, String instanceId, String... protocols) {
        var collection = new JoinGroupRequestProtocolCollection();
        for (String p : protocols) {
            collection.add(new JoinGroupRequestProtocol().setName(p).setMetadata(p.getBytes()));
        }
        return new JoinGroupRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(SESSION_MS)
                .setRebalanceTimeoutMs(REBALANCE_MS)
                .setProtocolType("consumer")
                .setProtocols(collection);
    }

    CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request) {
        return ops().joinGroup(new GroupRequestContext("client", "/127.0.0.1", (short) 9), request);
    }

    CompletableFuture<JoinGroupResponseData> join(String group, String memberId) {
        return join(joinRequest(group, memberId, null, "range"));
    }

    /** A v4+ dynamic member's first join: MEMBER_ID_REQUIRED, then the rejoin with the id (still pending). */
    CompletableFuture<JoinGroupResponseData> joinNew(String group) {
        JoinGroupResponseData first = join(group, "").join();
        if (first.errorCode() != Errors.MEMBER_ID_REQUIRED.code()) {
            throw new AssertionError("expected MEMBER_ID_REQUIRED, got " + Errors.forCode(first.errorCode()));
        }
        return join(group, first.memberId());
    }

    CompletableFuture<SyncGroupResponseData> sync(
            String group, String memberId, int generation, Map<String, String> assignments) {
        List<SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((member, assignment) ->
                list.add(new SyncGroupRequestAssignment().setMemberId(member).setAssignment(assignment.getBytes())));
        return ops().syncGroup(new SyncGroupRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGenerationId(generation)
                .setAssignments(list));
    }

    Errors heartbeat(String group, String memberId, int generation) {
        return heartbeat(group, memberId, null, generation);
    }

    Errors heartbeat(String group, String memberId, String instanceId, int generation) {
        return Errors.forCode(ops().heartbeat(new HeartbeatRequestData()
                        .setGroupId(group)
                        .setMemberId(memberId)
                        .setGroupInstanceId(instanceId)
                        .setGenerationId(generation))
                .join()
                .errorCode());
    }

    LeaveGroupResponseData leave(String group, String memberId) {
        return ops().leaveGroup(group, List.of(new MemberIdentity().setMemberId(memberId)))
                .join();
    }

    Map<TopicPartition, Errors> commit(String group, String memberId, int generation, TopicPartition tp, long offset) {
        return ops().commitOffsets(new OffsetCommitInput(
                        group,
                        generation,
                        memberId,
                        null,
                        -1,
                        List.of(new OffsetCommitInput.PartitionCommit(tp, offset, 3, "meta-" + offset)),
                        (short) 9))
                .join();
    }

    Optional<CommittedOffset> committed(String group, TopicPartition tp) {
        return ops().fetchOffsets(group, List.of(tp)).join().get(tp);
    }

    ClassicGroup group(String group) {
        return shard.classicGroup(group).orElseThrow();
    }

    @Override
    public void close() {
        logManager.close();
    }
}
