package io.brook.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What the log remembers of one idempotent producer: its current epoch and its last few batches, enough to answer a
 * retry with the original offsets.
 *
 * <p>Threading: not thread-safe; owned by {@link ProducerStateManager}.
 *
 * <p>Invariants: at most {@link #MAX_BATCHES} batches, oldest first, all of the current epoch.
 */
final class ProducerEntry {

    /** Kafka producers keep at most five requests in flight per connection, so five batches cover every retry. */
    static final int MAX_BATCHES = 5;

    private short epoch;
    private final Deque<BatchMetadata> batches = new ArrayDeque<>(MAX_BATCHES);

    ProducerEntry(short epoch) {
        this.epoch = epoch;
    }

    /** One batch of the producer: its sequence range and the offsets it was given. */
    record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestampMs) {}

    short epoch() {
        return epoch;
    }

    int lastSequence() {
        return batches.isEmpty() ? -1 : batches.peekLast().lastSequence();
    }

    List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    Optional<BatchMetadata> findDuplicate(short batchEpoch, int firstSequence, int lastSequence) {
        if (batchEpoch != epoch) {
            return Optional.empty();
        }
        for (BatchMetadata batch : batches) {
            if (batch.firstSequence() == firstSequence && batch.lastSequence() == lastSequence) {
                return Optional.of(batch);
            }
        }
        return Optional.empty();
    }

    /** Adds a batch; a new epoch forgets the batches of the old one. */
    void add(short batchEpoch, BatchMetadata batch) {
        if (batchEpoch != epoch) {
            epoch = batchEpoch;
            batches.clear();
        }
        if (batches.size() == MAX_BATCHES) {
            batches.removeFirst();
        }
        batches.addLast(batch);
    }
}
