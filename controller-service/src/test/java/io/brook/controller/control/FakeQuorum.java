package io.brook.controller.control;

import io.brook.controller.quorum.ApplyOutcome;
import io.brook.controller.quorum.MetadataQuorum;
import io.brook.metadata.ApplyResult;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataApplier;
import io.brook.metadata.MetadataRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;

/** An in-memory quorum of one: every submitted record commits at once at the next index. */
final class FakeQuorum implements MetadataQuorum {

    private ClusterState state = ClusterState.empty("test-cluster");
    private long nextIndex = 1;
    private long term = 1;
    private boolean leader = true;
    private RuntimeException failure;
    private final Map<Long, CompletableFuture<Void>> appliedWaiters = new HashMap<>();
    final List<MetadataRecord> submitted = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<ApplyOutcome> submit(MetadataRecord record) {
        submitted.add(record);
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        return CompletableFuture.completedFuture(apply(record));
    }

    /** Applies {@code record} directly, as if another controller had submitted it. */
    synchronized ApplyOutcome apply(MetadataRecord record) {
        long index = nextIndex++;
        ApplyResult result = MetadataApplier.apply(state, index, record);
        state = result.state();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        appliedWaiters.entrySet().removeIf(w -> w.getKey() <= index && ready.add(w.getValue()));
        ready.forEach(w -> w.complete(null));
        return new ApplyOutcome(result.error(), result.message(), index);
    }

    @Override
    public synchronized CompletableFuture<Void> awaitApplied(long index) {
        if (state.lastAppliedIndex() >= index) {
            return CompletableFuture.completedFuture(null);
        }
        return appliedWaiters.computeIfAbsent(index, i -> new CompletableFuture<>());
    }

    /** Fails everyone waiting for an index, as the real quorum does after its request timeout. */
    synchronized void timeOutWaiters() {
        appliedWaiters.values().forEach(w -> w.completeExceptionally(new TimeoutException("not applied")));
        appliedWaiters.clear();
    }

    @Override
    public synchronized ClusterState state() {
        return state;
    }

    @Override
    public synchronized long leaderTerm() {
        return leader ? term : -1;
    }

    @Override
    public synchronized Optional<Integer> leaderId() {
        return leader ? Optional.of(1) : Optional.of(2);
    }

    synchronized void loseLeadership() {
        leader = false;
    }

    /** Leads again, in a new term. */
    synchronized void gainLeadership() {
        leader = true;
        term++;
    }

    synchronized void failSubmits(RuntimeException error) {
        failure = error;
    }

    synchronized List<MetadataRecord> takeSubmitted() {
        List<MetadataRecord> copy = List.copyOf(submitted);
        submitted.clear();
        return copy;
    }
}
