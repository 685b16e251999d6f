package io.brook.broker.group;

import io.brook.storage.AppendResult;
import io.brook.storage.LogReadResult;
import io.brook.storage.PartitionLog;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A coordinator log over a bare partition log, at leader epoch 0, relying on the page cache (so replies go out on
 * the appending thread); counts appends for assertions.
 */
final class LogBackedCoordinatorLog implements CoordinatorLog {

    private final PartitionLog log;
    int appends;

    LogBackedCoordinatorLog(PartitionLog log) {
        this.log = log;
    }

    @Override
    public AppendResult append(MemoryRecords batch) {
        appends++;
        return log.appendAsLeader(batch, 0);
    }

    @Override
    public CompletableFuture<Void> awaitDurable(AppendResult append) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long logStartOffset() {
        return log.logStartOffset();
    }

    @Override
    public long logEndOffset() {
        return log.logEndOffset();
    }

    @Override
    public LogReadResult read(long offset, int maxBytes) {
        return log.read(offset, maxBytes, true);
    }
}
