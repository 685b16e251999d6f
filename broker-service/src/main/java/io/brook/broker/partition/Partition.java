package io.brook.broker.partition;

import io.brook.broker.replica.FollowerProgress;
import io.brook.storage.AppendResult;
import io.brook.storage.FlushPolicy;
import io.brook.storage.LogReadResult;
import io.brook.storage.PartitionLog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A partition this broker leads: its log, leader epoch and in-sync replicas, what it knows of its followers, and
 * the requests waiting for its next append or for the high watermark.
 *
 * <p>Replication (leader side): every follower fetch reports the follower's log end offset; the high watermark is
 * the least log end offset over the ISR (the leader's own included) and only moves forward. An acks=all append is
 * answered once the high watermark passes it, so it is on every in-sync replica. Consumers read below the high
 * watermark only. A single node (no replication) keeps the high watermark at the log end.
 *
 * <p>The ISR the high watermark is computed over is the maximal one (KIP-497): the committed ISR from the metadata
 * plus the members of every ISR change proposed to the controller at the current partition epoch and not refused.
 * The controller may already have committed an expansion this broker has not seen yet, and may elect the new member
 * if this leader fails; so a record counts as committed only once that member has it too. A shrink takes effect only
 * when the metadata brings it.
 *
 * <p>Thread-safe: appends are serialised by the log; the leadership fields are replaced together by the
 * {@link PartitionManager} on metadata changes (volatile {@link Leadership}); follower progress is a concurrent map
 * of immutable entries; the high-watermark advance, its waiters and the proposed ISRs are guarded by this object's
 * lock. Appends hold the read side of a lock whose write side {@link #resign} takes, so no append reaches the log
 * once leadership moved.
 */
public final class Partition {

    /** Leader epoch, replicas, in-sync replicas, partition epoch and min.insync.replicas, replaced as a unit. */
    record Leadership(
            int leaderEpoch, List<Integer> replicas, List<Integer> isr, int partitionEpoch, int minInsyncReplicas) {}

    private record HighWatermarkWaiter(long offset, CompletableFuture<Void> done) {}

    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private final int localBrokerId;
    private final boolean replicated;
    private final LongSupplier clockMs;
    private volatile Leadership leadership;
    private volatile long leaderEpochStartOffset;
    private final Map<Integer, FollowerProgress> followers = new ConcurrentHashMap<>();
    /** ISR changes sent to the controller at the current partition epoch and not refused; guarded by this. */
    private final List<List<Integer>> proposedIsrs = new ArrayList<>();

    private final ReentrantReadWriteLock leaderLock = new ReentrantReadWriteLock();
    private boolean resigned;
    private final ConcurrentLinkedQueue<Runnable> appendWaiters = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<HighWatermarkWaiter> highWatermarkWaiters =
            new PriorityQueue<>((a, b) -> Long.compare(a.offset(), b.offset()));

    Partition(
            TopicPartition topicPartition,
            Uuid topicId,
            PartitionLog log,
            Leadership leadership,
            int localBrokerId,
            boolean replicated,
            LongSupplier clockMs) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.localBrokerId = localBrokerId;
        this.replicated = replicated;
        this.clockMs = clockMs;
        if (replicated) {
            log.enableReplicatedHighWatermark();
        }
        becomeLeader(leadership);
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

    public List<Integer> isr() {
        return leadership.isr();
    }

    public List<Integer> replicas() {
        return leadership.replicas();
    }

    public int partitionEpoch() {
        return leadership.partitionEpoch();
    }

    /**
     * A new leadership (new epoch) forgets what the previous one knew of followers; an ISR change keeps it. A new
     * partition epoch settles every proposed ISR change: it was applied, or it is stale and will be refused.
     */
    synchronized void updateLeadership(Leadership next) {
        if (next.leaderEpoch() != leadership.leaderEpoch()) {
            becomeLeader(next);
        } else {
            if (next.partitionEpoch() != leadership.partitionEpoch()) {
                proposedIsrs.clear();
            }
            leadership = next;
            maybeAdvanceHighWatermark();
        }
    }

    private void becomeLeader(Leadership next) {
        leadership = next;
        leaderEpochStartOffset = log.logEndOffset();
        proposedIsrs.clear();
        followers.clear();
        long now = clockMs.getAsLong();
        for (int replica : next.replicas()) {
            if (replica != localBrokerId) {
                followers.put(replica, FollowerProgress.unknown(now));
            }
        }
        maybeAdvanceHighWatermark();
    }

    /**
     * Appends one producer batch as leader. With {@code acks=-1} the in-sync replicas must number at least
     * {@code min.insync.replicas} (NOT_ENOUGH_REPLICAS otherwise). Wakes the fetches waiting for data.
     */
    public AppendResult appendAsLeader(MemoryRecords records, short acks) {
        AppendResult result;
        leaderLock.readLock().lock();
        try {
            if (resigned) {
                throw new NotLeaderOrFollowerException(
                        "Broker " + localBrokerId + " no longer leads " + topicPartition);
            }
            Leadership current = leadership;
            if (acks == -1 && current.isr().size() < current.minInsyncReplicas()) {
                throw new NotEnoughReplicasException("The size of the current ISR " + current.isr()
                        + " is insufficient to satisfy the min.isr requirement of " + current.minInsyncReplicas()
                        + " for partition " + topicPartition);
            }
            result = log.appendAsLeader(records, current.leaderEpoch());
        } finally {
            leaderLock.readLock().unlock();
        }
        if (!result.duplicate()) {
            maybeAdvanceHighWatermark();
            wakeWaiters();
        }
        return result;
    }

    /**
     * Completes when the append may be acknowledged: as durable as the topic's flush policy demands, and with
     * {@code acks=-1} also replicated to the whole ISR (the high watermark has passed it). Fails with a timeout
     * after {@code timeoutMs}, or NOT_LEADER_OR_FOLLOWER when leadership moves first.
     */
    public CompletableFuture<Void> awaitAcknowledgeable(AppendResult result, short acks, long timeoutMs) {
        CompletableFuture<Void> durable = awaitDurable(result);
        if (acks != -1 || !replicated) {
            return durable;
        }
        return durable.thenCompose(v -> awaitHighWatermark(result.lastOffset() + 1, timeoutMs));
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

    private synchronized CompletableFuture<Void> awaitHighWatermark(long offset, long timeoutMs) {
        if (log.highWatermark() >= offset) {
            return CompletableFuture.completedFuture(null);
        }
        var waiter = new HighWatermarkWaiter(offset, new CompletableFuture<>());
        highWatermarkWaiters.add(waiter);
        return waiter.done().orTimeout(timeoutMs, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            synchronized (this) {
                highWatermarkWaiters.remove(waiter);
            }
            return CompletableFuture.failedFuture(
                    e instanceof java.util.concurrent.TimeoutException
                            ? new TimeoutException("Records of " + topicPartition + " up to offset " + offset
                                    + " did not reach every in-sync replica within " + timeoutMs + " ms")
                            : e);
        });
    }

    /**
     * A follower fetched from {@code fetchOffset}: that is its log end offset. Moves the high watermark when the
     * ISR now holds more.
     */
    public void recordFollowerFetch(int replicaId, long fetchOffset) {
        long now = clockMs.getAsLong();
        long leaderEnd = log.logEndOffset();
        followers.compute(
                replicaId,
                (id, progress) -> (progress == null ? FollowerProgress.unknown(now) : progress)
                        .afterFetch(fetchOffset, leaderEnd, now));
        maybeAdvanceHighWatermark();
    }

    public Optional<FollowerProgress> follower(int replicaId) {
        return Optional.ofNullable(followers.get(replicaId));
    }

    /** The high watermark: the least log end offset over the maximal ISR, never moving back. */
    synchronized void maybeAdvanceHighWatermark() {
        if (!replicated) {
            return;
        }
        long highWatermark = log.logEndOffset();
        for (int replica : maximalIsr()) {
            if (replica != localBrokerId) {
                FollowerProgress progress = followers.get(replica);
                highWatermark = Math.min(highWatermark, progress == null ? -1 : progress.logEndOffset());
            }
        }
        if (highWatermark > log.highWatermark()) {
            log.updateHighWatermark(highWatermark);
            long reached = log.highWatermark();
            List<HighWatermarkWaiter> done = new ArrayList<>();
            while (!highWatermarkWaiters.isEmpty()
                    && highWatermarkWaiters.peek().offset() <= reached) {
                done.add(highWatermarkWaiters.poll());
            }
            done.forEach(w -> w.done().complete(null));
            wakeWaiters();
        }
    }

    /** The committed ISR and the members of every ISR change still proposed. Caller holds this object's lock. */
    private Iterable<Integer> maximalIsr() {
        if (proposedIsrs.isEmpty()) {
            return leadership.isr();
        }
        var members = new LinkedHashSet<>(leadership.isr());
        proposedIsrs.forEach(members::addAll);
        return members;
    }

    /**
     * An ISR change computed at {@code partitionEpoch} is about to go to the controller: until the metadata moves
     * past that epoch (or the controller refuses the change), its members count for the high watermark. Call it
     * before sending, so the high watermark cannot pass a record the controller's ISR may lack.
     */
    public synchronized void isrChangeProposed(int partitionEpoch, List<Integer> isr) {
        if (partitionEpoch == leadership.partitionEpoch()) {
            proposedIsrs.add(List.copyOf(isr));
        }
    }

    /**
     * The controller refused the ISR change computed at {@code partitionEpoch} (it changed nothing). Not for a
     * change whose outcome is unknown (a timeout): that one may have been applied, and stays counted until the
     * metadata settles it.
     */
    public synchronized void isrChangeRefused(int partitionEpoch, List<Integer> isr) {
        if (partitionEpoch == leadership.partitionEpoch() && proposedIsrs.remove(List.copyOf(isr))) {
            maybeAdvanceHighWatermark();
        }
    }

    /**
     * KIP-320's check of the leader epoch a follower or consumer names in a fetch or OffsetForLeaderEpoch: none
     * ({@code -1}) or ours is fine; an older one is FENCED_LEADER_EPOCH; a newer one UNKNOWN_LEADER_EPOCH (the
     * metadata has not reached this broker yet).
     */
    public Errors checkLeaderEpoch(int requestLeaderEpoch) {
        int current = leaderEpoch();
        if (requestLeaderEpoch < 0 || requestLeaderEpoch == current) {
            return Errors.NONE;
        }
        return requestLeaderEpoch > current ? Errors.UNKNOWN_LEADER_EPOCH : Errors.FENCED_LEADER_EPOCH;
    }

    /**
     * The ISR this leader wants now, or empty when it is right: followers that have not been caught up for
     * {@code lagMaxMs} leave; followers that reach the high watermark and this leadership's first offset join.
     */
    public Optional<List<Integer>> desiredIsr(long lagMaxMs) {
        Leadership current = leadership;
        long now = clockMs.getAsLong();
        long highWatermark = log.highWatermark();
        List<Integer> isr = new ArrayList<>();
        for (int replica : current.replicas()) {
            FollowerProgress progress = followers.get(replica);
            if (replica == localBrokerId) {
                isr.add(replica);
            } else if (current.isr().contains(replica)) {
                if (progress != null && now - progress.lastCaughtUpTimeMs() <= lagMaxMs) {
                    isr.add(replica);
                }
            } else if (progress != null
                    && progress.logEndOffset() >= highWatermark
                    && progress.logEndOffset() >= leaderEpochStartOffset
                    && now - progress.lastCaughtUpTimeMs() <= lagMaxMs) {
                isr.add(replica);
            }
        }
        boolean same = isr.size() == current.isr().size() && current.isr().containsAll(isr);
        return same ? Optional.empty() : Optional.of(isr);
    }

    /**
     * Fails every acks=all append still waiting, and refuses appends from now on: this broker no longer leads the
     * partition. Waits for an append in progress to finish first.
     */
    void resign() {
        leaderLock.writeLock().lock();
        try {
            resigned = true;
        } finally {
            leaderLock.writeLock().unlock();
        }
        failWaiters();
    }

    private synchronized void failWaiters() {
        List<HighWatermarkWaiter> pending = new ArrayList<>(highWatermarkWaiters);
        highWatermarkWaiters.clear();
        pending.forEach(w -> w.done()
                .completeExceptionally(new NotLeaderOrFollowerException(
                        "Leadership of " + topicPartition + " moved before the records were replicated")));
        wakeWaiters();
    }

    /** Reads for a consumer: never past the high watermark. */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        return log.read(fetchOffset, maxBytes, minOneBatch, log.highWatermark());
    }

    /** Reads for a follower: up to the log end. */
    public LogReadResult readForFollower(long fetchOffset, int maxBytes, boolean minOneBatch) {
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
