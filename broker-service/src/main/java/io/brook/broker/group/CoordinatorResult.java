package io.brook.broker.group;

import io.brook.storage.errors.LogDirectoryOfflineException;
import io.brook.storage.errors.RecordBatchTooLargeException;
import io.brook.storage.errors.RecordTooLargeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.protocol.Errors;

/**
 * What one coordinator operation decided: the records to append to the shard's offsets partition, and the
 * responses to send once they are appended, to the operation's own request and to earlier requests it completes
 * (the JoinGroups a rebalance was waiting for, the SyncGroups waiting for the leader's assignment).
 *
 * <p>The shard appends {@link #records()} as one batch, replays them into its state, and only then sends the
 * replies (after the flush the topic's policy demands). If the append fails, the rollbacks undo what the
 * operation changed in the group's transient rebalance state and every reply gets the error instead.
 *
 * <p>Confined to the shard's thread while built; immutable once handed back.
 */
public final class CoordinatorResult {

    private final List<GroupRecord> records = new ArrayList<>();
    private final List<Runnable> replies = new ArrayList<>();
    private final List<Responder<?>> responders = new ArrayList<>();
    private final List<Runnable> rollbacks = new ArrayList<>();

    public CoordinatorResult record(GroupRecord record) {
        records.add(record);
        return this;
    }

    public <R> CoordinatorResult reply(Responder<R> to, R response) {
        replies.add(() -> to.complete(response));
        responders.add(to);
        return this;
    }

    /** Answers {@code to} with an error code, whether or not the append succeeds. */
    public <R> CoordinatorResult replyError(Responder<R> to, Errors error) {
        replies.add(() -> to.fail(error));
        responders.add(to);
        return this;
    }

    /** Runs on the shard's thread if the records could not be appended. */
    public CoordinatorResult onAppendFailure(Runnable rollback) {
        rollbacks.add(rollback);
        return this;
    }

    public List<GroupRecord> records() {
        return List.copyOf(records);
    }

    void sendReplies() {
        replies.forEach(Runnable::run);
    }

    void failReplies(Errors error) {
        responders.forEach(r -> r.fail(error));
    }

    void rollBack() {
        for (int i = rollbacks.size() - 1; i >= 0; i--) {
            rollbacks.get(i).run();
        }
    }

    /** The error a request gets when its records could not be written. */
    static Errors appendError(Throwable failure) {
        Throwable e =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof NotEnoughReplicasException) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return Errors.MESSAGE_TOO_LARGE;
        }
        if (e instanceof LogDirectoryOfflineException) {
            return Errors.NOT_COORDINATOR;
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }
}
