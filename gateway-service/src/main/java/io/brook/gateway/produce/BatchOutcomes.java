package io.brook.gateway.produce;

import io.brook.gateway.api.model.RecordOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import reactor.core.publisher.MonoSink;

/**
 * The outcomes of one batch of sends, slot {@code i} for the batch's record {@code i}. The producer's
 * callbacks fill the slots from its I/O thread (or the sending thread, for a send that fails at once);
 * the one that fills the last slot completes the batch's {@link MonoSink} with every outcome in request
 * order. A slot is filled once: a second outcome for a record is ignored, so the countdown stays exact.
 */
final class BatchOutcomes {

    private final AtomicReferenceArray<RecordOffset> slots;
    private final AtomicInteger remaining;
    private final MonoSink<List<RecordOffset>> sink;

    BatchOutcomes(int size, MonoSink<List<RecordOffset>> sink) {
        this.slots = new AtomicReferenceArray<>(size);
        this.remaining = new AtomicInteger(size);
        this.sink = sink;
        if (size == 0) {
            sink.success(List.of());
        }
    }

    /** Records the outcome of record {@code index}; the last one completes the batch. */
    void complete(int index, RecordOffset outcome) {
        if (slots.compareAndSet(index, null, outcome) && remaining.decrementAndGet() == 0) {
            RecordOffset[] all = new RecordOffset[slots.length()];
            for (int i = 0; i < all.length; i++) {
                all[i] = slots.get(i);
            }
            sink.success(Arrays.asList(all));
        }
    }
}
