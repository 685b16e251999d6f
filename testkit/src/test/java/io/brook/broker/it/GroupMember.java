package io.brook.broker.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One member of a consumer group: a real {@link KafkaConsumer} subscribed to one topic and polled on a thread of its
 * own (a consumer is single-threaded, and every member must keep polling for a rebalance to complete). After each
 * poll that returned records it commits their offsets synchronously, so a partition that moves to another member is
 * resumed where this one stopped: at-least-once, as an application would.
 *
 * <p>The test thread reads what the member consumed, its current assignment and generation (a snapshot taken after
 * each poll), and every rebalance callback in the order the consumer made them. Closing stops the thread, which then
 * closes the consumer, leaving the group unless the member is static.
 */
final class GroupMember implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(20);

    /** Which rebalance callback the consumer made. */
    enum CallbackKind {
        ASSIGNED,
        REVOKED,
        LOST
    }

    /** One rebalance callback with the partitions it was given. */
    record Callback(CallbackKind kind, Set<TopicPartition> partitions) {}

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Collection<ConsumerRecord<byte[], byte[]>> consumed = new ConcurrentLinkedQueue<>();
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile int generation = -1;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private GroupMember(String name, KafkaConsumer<byte[], byte[]> consumer, String topic) {
        this.name = name;
        this.consumer = consumer;
        this.thread = new Thread(() -> run(topic), "group-member-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts a member of {@code groupId} reading {@code topic}, with {@link Clients#groupConsumer} settings. */
    static GroupMember start(
            String name, String bootstrap, String groupId, String topic, Map<String, Object> overrides) {
        GroupMember member = new GroupMember(name, Clients.groupConsumer(bootstrap, groupId, overrides), topic);
        member.thread.start();
        return member;
    }

    /** Starts a member reading {@code topic} with exactly {@code config} (e.g. {@link Clients#consumerProtocolConfig}). */
    static GroupMember start(String name, Map<String, Object> config, String topic) {
        GroupMember member = new GroupMember(name, Clients.consumer(config), topic);
        member.thread.start();
        return member;
    }

    static GroupMember start(String name, String bootstrap, String groupId, String topic) {
        return start(name, bootstrap, groupId, topic, Map.of());
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (running) {
                var records = consumer.poll(POLL);
                records.forEach(consumed::add);
                if (!records.isEmpty()) {
                    commit();
                }
                assignment = Set.copyOf(consumer.assignment());
                generation = consumer.groupMetadata().generationId();
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up to end the loop.
        } catch (Throwable t) {
            failure = t;
        } finally {
            consumer.close();
        }
    }

    private void commit() {
        try {
            consumer.commitSync(JOIN_TIMEOUT);
        } catch (RebalanceInProgressException | CommitFailedException rebalancing) {
            // The partitions are moving; their new owner reads from the last committed offsets again.
        }
    }

    /** Collects every callback; the consumer calls it on the member's own thread. */
    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            callbacks.add(new Callback(CallbackKind.REVOKED, Set.copyOf(partitions)));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            callbacks.add(new Callback(CallbackKind.ASSIGNED, Set.copyOf(partitions)));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            callbacks.add(new Callback(CallbackKind.LOST, Set.copyOf(partitions)));
        }
    }

    String name() {
        return name;
    }

    /** The partitions assigned after the latest poll. */
    Set<TopicPartition> assignment() {
        return assignment;
    }

    /** The group generation the member was in after the latest poll, -1 before it first joined. */
    int generation() {
        return generation;
    }

    /** Every record polled so far, duplicates included. */
    List<ConsumerRecord<byte[], byte[]>> consumed() {
        return new ArrayList<>(consumed);
    }

    /** Every rebalance callback so far, in order. */
    List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    /** The callbacks made after the first {@code from} ones. */
    List<Callback> callbacksSince(int from) {
        List<Callback> all = callbacks();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /** Throws if the polling thread died of an unexpected exception. */
    void assertHealthy() {
        if (failure != null) {
            throw new AssertionError("group member " + name + " failed", failure);
        }
    }

    /** Stops polling and closes the consumer: a dynamic member leaves the group, a static one stays in it. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("group member " + name + " did not stop within " + JOIN_TIMEOUT);
        }
        assertHealthy();
    }
}
