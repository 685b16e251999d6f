package io.brook.controller.quorum;

import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The applied metadata as readers see it: the current {@link ClusterState}, a bounded ring of the most recent
 * records with their Raft indexes, and the readers waiting for something newer (long-polls, submitters waiting for
 * their own write).
 *
 * <p>Invariant: the ring holds every applied record with index greater than {@code floor}. The floor is the last
 * record index of the state the feed was reset to (a loaded snapshot, 0 for an empty log) and moves up to the index
 * of each record the full ring evicts. "Everything after N" can therefore be answered with records when
 * {@code N >= floor}, and only with the whole state when {@code N < floor}.
 *
 * <p>Threading: {@link #append} and {@link #reset} are called by the state machine's single updater thread; reads and
 * waits come from any thread. Everything is guarded by one lock held for short copies; waiters are completed on the
 * {@code notifier} executor, never under the lock or on the updater thread.
 */
public final class MetadataFeed {

    private final Object lock = new Object();
    private final IndexedRecord[] ring;
    private final Executor notifier;
    private final List<Waiter> waiters = new ArrayList<>();
    private int head;
    private int size;
    private long floor;
    private volatile ClusterState state;

    public MetadataFeed(ClusterState initial, int capacity, Executor notifier) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Feed capacity must be >= 1, not " + capacity);
        }
        this.ring = new IndexedRecord[capacity];
        this.notifier = notifier;
        this.state = initial;
        this.floor = initial.lastAppliedIndex();
    }

    /** The state after the last applied record. */
    public ClusterState state() {
        return state;
    }

    /** Records with index > {@code after}, or the whole state when the ring no longer holds them all. */
    public FeedRead read(long after) {
        synchronized (lock) {
            ClusterState current = state;
            if (after < floor) {
                return new FeedRead(current, List.of(), current.lastAppliedIndex());
            }
            int first = firstAfter(after);
            List<IndexedRecord> records = new ArrayList<>(size - first);
            for (int i = first; i < size; i++) {
                records.add(at(i));
            }
            return new FeedRead(null, records, current.lastAppliedIndex());
        }
    }

    /**
     * Completes once a record with index > {@code after} has been applied, or the feed has been reset to another
     * state (a reader should then read again). Completed at once when that is already so.
     */
    public CompletableFuture<Void> awaitAfter(long after) {
        return await(after, true);
    }

    /** Completes once the record at {@code index} (or a later one) has been applied. */
    public CompletableFuture<Void> awaitApplied(long index) {
        return await(index - 1, false);
    }

    /** Lowest index N for which "after N" can be answered with records. */
    public long floor() {
        synchronized (lock) {
            return floor;
        }
    }

    /** Applies one record: {@code next} is the state after it. Updater thread only. */
    void append(long index, MetadataRecord record, ClusterState next) {
        List<CompletableFuture<Void>> ready;
        synchronized (lock) {
            if (size == ring.length) {
                floor = ring[head].index();
                ring[head] = null;
                head = (head + 1) % ring.length;
                size--;
            }
            ring[(head + size) % ring.length] = new IndexedRecord(index, record);
            size++;
            state = next;
            ready = takeWaiters(next.lastAppliedIndex(), false);
        }
        wake(ready);
    }

    /** Replaces everything with {@code loaded} (a snapshot): the ring starts empty above its last record. */
    void reset(ClusterState loaded) {
        List<CompletableFuture<Void>> ready;
        synchronized (lock) {
            Arrays.fill(ring, null);
            head = 0;
            size = 0;
            floor = loaded.lastAppliedIndex();
            state = loaded;
            ready = takeWaiters(loaded.lastAppliedIndex(), true);
        }
        wake(ready);
    }

    private CompletableFuture<Void> await(long after, boolean wakeOnReset) {
        synchronized (lock) {
            if (state.lastAppliedIndex() > after) {
                return CompletableFuture.completedFuture(null);
            }
            // Readers that gave up (timed out, cancelled) are dropped here, so they never pile up.
            waiters.removeIf(w -> w.future().isDone());
            Waiter waiter = new Waiter(after, wakeOnReset, new CompletableFuture<>());
            waiters.add(waiter);
            return waiter.future();
        }
    }

    private List<CompletableFuture<Void>> takeWaiters(long appliedIndex, boolean reset) {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        waiters.removeIf(w -> {
            boolean wake = w.after() < appliedIndex
                    || (reset && w.wakeOnReset())
                    || w.future().isDone();
            if (wake) {
                ready.add(w.future());
            }
            return wake;
        });
        return ready;
    }

    private void wake(List<CompletableFuture<Void>> ready) {
        if (!ready.isEmpty()) {
            notifier.execute(() -> ready.forEach(f -> f.complete(null)));
        }
    }

    /** Position in the ring (0 = oldest) of the first record with index > {@code after}. */
    private int firstAfter(long after) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (at(mid).index() <= after) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private IndexedRecord at(int position) {
        return ring[(head + position) % ring.length];
    }

    private record Waiter(long after, boolean wakeOnReset, CompletableFuture<Void> future) {}
}
