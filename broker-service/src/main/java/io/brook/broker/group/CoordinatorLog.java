package io.brook.broker.group;

import io.brook.storage.AppendResult;
import io.brook.storage.LogReadResult;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The offsets-topic partition a shard writes to and loads from, as the shard needs it: append one batch as leader,
 * wait until it is as durable as the topic demands, read back from the start.
 */
public interface CoordinatorLog {

    /** Appends one producer-less batch with the current leader epoch. */
    AppendResult append(MemoryRecords batch);

    /** Completes once the append is as durable as the topic's flush policy requires before an acknowledgement. */
    CompletableFuture<Void> awaitDurable(AppendResult append);

    long logStartOffset();

    long logEndOffset();

    LogReadResult read(long offset, int maxBytes);
}
