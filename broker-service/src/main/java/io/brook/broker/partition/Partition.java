package io.brook.broker.partition;

import io.brook.storage.AppendResult;
import io.brook.storage.FlushPolicy;
import io.brook.storage.LogReadResult;
import io.brook.storage.PartitionLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A partition this broker leads: its log, leader epoch and in-sync replicas, and the fetches waiting for its next
 * append.
 *
 * <p>Thread-safe: appends are serialised by the log; the leadership fields are replaced together by the
 * {@link PartitionManager} on metadata changes (volatile {@link Leadership}); waiters are a concurrent queue.
 */
public final class Partition {

    /** Leader epoch, in-sync replicas and min.insync.replicas, replaced as a unit. */
    record Leadership(int leaderEpoch, List<Integer> isr, int minInsyncReplicas) {}

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private volatile Leadership leadership;
    private final ConcurrentLinkedQueue<Runnable> appendWaiters = new ConcurrentLinkedQueue<>();

    Partition(TopicPartition topicPartition, Uuid topicId, PartitionLog log, Leadership leadership) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.leadership = leadership;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    public int leaderEpoch() {
        return leadership.leaderEpoch();
    }

    void updateLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    /**
     * Appends one producer batch as leader. With {@code acks=-1} the in-sync replicas must number at least
     * {@code min.insync.replicas} (NOT_ENOUGH_REPLICAS otherwise). Wakes the fetches waiting for data.
     */
    public AppendResult appendAsLeader(MemoryRecords records, short acks) {
        Leadership current = leadership;
        if (acks == -1 && current.isr().size() < current.minInsyncReplicas()) {
            throw new NotEnoughReplicasException("The size of the current ISR " + current.isr()
                    + " is insufficient to satisfy the min.isr requirement of " + current.minInsyncReplicas()
                    + " for partition " + topicPartition);
        }
        AppendResult result = log.appendAsLeader(records, current.leaderEpoch());
        if (!result.duplicate()) {
            wakeWaiters();
        }
        return result;
    }

    /**
     * Completes once the append is as durable as the topic's flush policy demands before an acknowledgement:
     * on disk under {@code flush.messages=1}, at once otherwise.
     */
    public CompletableFuture<Void> awaitDurable(AppendResult result) {
        if (log.config().flushPolicy().mode() == FlushPolicy.Mode.EVERY_BATCH && !result.duplicate()) {
            return log.flushUpTo(result.lastOffset() + 1);
        }
        return CompletableFuture.completedFuture(null);
    }

    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        return log.read(fetchOffset, maxBytes, minOneBatch);
    }

    /** Runs {@code waiter} once, after the next append (or at once if one raced with registration). */
    public void onNextAppend(Runnable waiter) {
        appendWaiters.add(waiter);
    }

    /** Removes a waiter that no longer needs waking (its fetch timed out or was answered). */
    public void cancelWaiter(Runnable waiter) {
        appendWaiters.remove(waiter);
    }

    private void wakeWaiters() {
        Runnable waiter;
        while ((waiter = appendWaiters.poll()) != null) {
            waiter.run();
        }
    }
}
