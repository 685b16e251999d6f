package io.brook.broker.group;

import io.brook.broker.partition.Partition;
import io.brook.storage.AppendResult;
import io.brook.storage.LogReadResult;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A {@link CoordinatorLog} over a partition this broker leads: appends with acks=all semantics (the ISR must meet
 * {@code min.insync.replicas}) at the partition's leader epoch, and waits for the flush its policy demands.
 * Thread-safe, as {@link Partition} is.
 */
public final class PartitionCoordinatorLog implements CoordinatorLog {

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
        return partition.awaitDurable(append);
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
        return partition.read(offset, maxBytes, true);
    }
}
