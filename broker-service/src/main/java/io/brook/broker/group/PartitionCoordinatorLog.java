package io.brook.broker.group;

import io.brook.broker.partition.Partition;
import io.brook.storage.AppendResult;
import io.brook.storage.LogReadResult;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A {@link CoordinatorLog} over a partition this broker leads: appends with acks=all semantics (the ISR must meet
 * {@code min.insync.replicas}) at the partition's leader epoch, and an append counts as done once it is flushed as
 * its policy demands and replicated to the whole ISR ({@code offsets.commit.timeout.ms}, 5 s, bounds the wait).
 * Loading reads to the log end: everything a leader holds will be replicated, since a leader never truncates.
 * Thread-safe, as {@link Partition} is.
 */
public final class PartitionCoordinatorLog implements CoordinatorLog {

    private static final long COMMIT_TIMEOUT_MS = 5_000;

    private final Partition partition;

    public PartitionCoordinatorLog(Partition partition) {
        this.partition = partition;
    }

    @Override
    public AppendResult append(MemoryRecords batch) {
        return partition.appendAsLeader(batch, (short) -1);
    }

    @Override
    public CompletableFuture<Void> awaitDurable(AppendResult append) {
        return partition.awaitAcknowledgeable(append, (short) -1, COMMIT_TIMEOUT_MS);
    }

    @Override
    public long logStartOffset() {
        return partition.log().logStartOffset();
    }

    @Override
    public long logEndOffset() {
        return partition.log().logEndOffset();
    }

    @Override
    public LogReadResult read(long offset, int maxBytes) {
        return partition.readForFollower(offset, maxBytes, true);
    }
}
