package io.brook.controller.quorum;

import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the control logic needs from the quorum: submit records, read the applied state, know whether this node is
 * the active controller. {@link ControllerQuorum} is the Ratis implementation; tests drive the control logic with an
 * in-memory one.
 */
public interface MetadataQuorum {

    /**
     * Appends {@code record} to the metadata log through the leader. Completes with the apply outcome once the record
     * is committed and applied on this node, or exceptionally with a Kafka {@code ApiException}: a
     * {@code TimeoutException} when that took longer than the request timeout (the outcome is then unknown), an
     * {@code InvalidRequestException} when the state machine refused the entry.
     */
    CompletableFuture<ApplyOutcome> submit(MetadataRecord record);

    /**
     * Completes once this node has applied the log up to {@code index}; fails with a Kafka {@code TimeoutException}
     * when that takes longer than the request timeout.
     */
    CompletableFuture<Void> awaitApplied(long index);

    /** The state this node has applied. */
    ClusterState state();

    /** True when this node is the Raft leader and ready to serve as the active controller. */
    default boolean isLeader() {
        return leaderTerm() >= 0;
    }

    /** The term in which this node is the ready leader, or -1 when it is not. */
    long leaderTerm();

    /** The current leader's node id, when known. */
    Optional<Integer> leaderId();
}
