package io.brook.broker.group;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Drives consumer group heartbeats as a shard does, on the test's thread: each operation's records are replayed into
 * the groups before its replies are sent, and time only moves when the test advances it (firing due timers as
 * operations of their own).
 */
final class ConsumerGroupTestContext {

    static final int REBALANCE_TIMEOUT_MS = 30_000;

    private final TestClock clock = new TestClock();
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, ConsumerGroup> groups = new HashMap<>();
    private final Map<String, ConsumerTopic> topicsByName = new TreeMap<>();
    private final Map<CoordinatorResult, List<ConsumerGroupRecord>> pending = new IdentityHashMap<>();
    private final List<ConsumerGroupRecord> written = new ArrayList<>();
    final ConsumerGroupConfig config;
    final ConsumerGroupHeartbeat heartbeat;

    ConsumerGroupTestContext() {
        this(ConsumerGroupConfig.defaults());
    }

    ConsumerGroupTestContext(ConsumerGroupConfig config) {
        this.config = config;
        ShardTimers timers = new ShardTimers(this::schedule, Runnable::run, task -> {
            CoordinatorResult result = new CoordinatorResult();
            task.accept(result);
            complete(result);
        });
        ConsumerTopics topics = new ConsumerTopics() {
            @Override
            public Optional<ConsumerTopic> byName(String name) {
                return Optional.ofNullable(topicsByName.get(name));
            }

            @Override
            public Optional<ConsumerTopic> byId(Uuid id) {
                return topicsByName.values().stream()
                        .filter(t -> t.id().equals(id))
                        .findFirst();
            }
        };
        AtomicInteger ids = new AtomicInteger();
        heartbeat = new ConsumerGroupHeartbeat(
                config,
                topics,
                timers,
                clock,
                id -> Optional.ofNullable(groups.get(id)),
                () -> "generated-" + ids.incrementAndGet(),
                result -> record ->
                        pending.computeIfAbsent(result, r -> new ArrayList<>()).add(record));
    }

    ConsumerTopic createTopic(String name, int partitions) {
        Uuid id = topicsByName.containsKey(name) ? topicsByName.get(name).id() : new Uuid(name.hashCode(), 42);
        ConsumerTopic topic = new ConsumerTopic(id, name, partitions);
        topicsByName.put(name, topic);
        return topic;
    }

    ConsumerGroup group(String groupId) {
        return groups.get(groupId);
    }

    List<ConsumerGroupRecord> written() {
        return written;
    }

    ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) {
        Responder<ConsumerGroupHeartbeatResponseData> responder =
                new Responder<>(e -> new ConsumerGroupHeartbeatResponseData().setErrorCode(e.code()));
        CoordinatorResult result = new CoordinatorResult();
        heartbeat.heartbeat(
                result,
                Optional.ofNullable(groups.get(request.groupId())),
                request,
                new GroupRequestContext("client", "/127.0.0.1", (short) 1),
                responder);
        complete(result);
        return responder.future().join();
    }

    /** As the shard does: replay the operation's records, then answer. */
    private void complete(CoordinatorResult result) {
        List<ConsumerGroupRecord> records = pending.getOrDefault(result, List.of());
        pending.remove(result);
        for (ConsumerGroupRecord record : records) {
            groups.computeIfAbsent(record.groupId(), id -> new ConsumerGroup(id, clock))
                    .replay(record);
            written.add(record);
        }
        result.sendReplies();
    }

    void advance(long ms) {
        long until = clock.millis() + ms;
        while (!scheduled.isEmpty() && scheduled.peek().dueMs <= until) {
            Scheduled next = scheduled.poll();
            clock.set(next.dueMs);
            if (!next.cancelled) {
                next.task.run();
            }
        }
        clock.set(until);
    }

    private GroupScheduler.Cancellable schedule(long delayMs, Runnable task) {
        Scheduled s = new Scheduled(clock.millis() + delayMs, sequence.incrementAndGet(), task);
        scheduled.add(s);
        return () -> s.cancelled = true;
    }

    // Requests as the Java client sends them.

    static ConsumerGroupHeartbeatRequestData join(String group, String memberId, String... topics) {
        return new ConsumerGroupHeartbeatRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS)
                .setSubscribedTopicNames(List.of(topics))
                .setTopicPartitions(List.of());
    }

    static ConsumerGroupHeartbeatRequestData beat(String group, String memberId, int epoch) {
        return new ConsumerGroupHeartbeatRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setMemberEpoch(epoch);
    }

    /** A heartbeat reporting the partitions the member owns (it changed them since the last one). */
    static ConsumerGroupHeartbeatRequestData beat(
            String group, String memberId, int epoch, Map<Uuid, Set<Integer>> owned) {
        List<ConsumerGroupHeartbeatRequestData.TopicPartitions> list = new ArrayList<>();
        owned.forEach((t, ps) -> list.add(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                .setTopicId(t)
                .setPartitions(new ArrayList<>(ps))));
        return beat(group, memberId, epoch).setTopicPartitions(list);
    }

    static Map<Uuid, Set<Integer>> assigned(ConsumerGroupHeartbeatResponseData response) {
        Map<Uuid, Set<Integer>> result = new TreeMap<>();
        response.assignment().topicPartitions().forEach(tp -> result.put(tp.topicId(), Set.copyOf(tp.partitions())));
        return ConsumerAssignments.copyOf(result);
    }

    static Errors error(ConsumerGroupHeartbeatResponseData response) {
        return Errors.forCode(response.errorCode());
    }

    private static final class Scheduled implements Comparable<Scheduled> {
        final long dueMs;
        final int seq;
        final Runnable task;
        boolean cancelled;

        Scheduled(long dueMs, int seq, Runnable task) {
            this.dueMs = dueMs;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Scheduled o) {
            return dueMs != o.dueMs ? Long.compare(dueMs, o.dueMs) : Integer.compare(seq, o.seq);
        }
    }

    private static final class TestClock extends Clock {
        private long nowMs = 1_000_000L;

        void set(long ms) {
            nowMs = ms;
        }

        @Override
        public long millis() {
            return nowMs;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(nowMs);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
