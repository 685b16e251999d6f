package io.brook.controller.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.ApplyResult;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataApplier;
import io.brook.metadata.MetadataRecord;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MetadataFeedTest {

    private final MetadataFeed feed = new MetadataFeed(ClusterState.empty("c"), 3, Runnable::run);
    private ClusterState state = ClusterState.empty("c");

    @Test
    void freshFeedAnswersRecordsAfterAnIndex() {
        append(2, register(1));
        append(5, register(2));

        FeedRead all = feed.read(0);
        assertThat(all.snapshot()).isNull();
        assertThat(all.records()).extracting(IndexedRecord::index).containsExactly(2L, 5L);
        assertThat(all.lastIndex()).isEqualTo(5);
        assertThat(feed.read(2).records()).extracting(IndexedRecord::index).containsExactly(5L);
        assertThat(feed.read(3).records()).extracting(IndexedRecord::index).containsExactly(5L);
        assertThat(feed.read(5).isEmpty()).isTrue();
        assertThat(feed.read(9).isEmpty())
                .as("a reader ahead of this controller waits")
                .isTrue();
    }

    @Test
    void evictedRecordsAreAnsweredWithASnapshot() {
        for (long index = 1; index <= 5; index++) {
            append(index, register((int) index));
        }

        assertThat(feed.floor()).isEqualTo(2);
        FeedRead old = feed.read(1);
        assertThat(old.snapshot()).isEqualTo(state);
        assertThat(old.records()).isEmpty();
        assertThat(old.lastIndex()).isEqualTo(5);
        assertThat(feed.read(2).records()).extracting(IndexedRecord::index).containsExactly(3L, 4L, 5L);
    }

    @Test
    void afterResetOnlyRecordsAboveTheSnapshotAreHeld() {
        append(1, register(1));
        ClusterState loaded = MetadataApplier.apply(state, 7, register(2)).state();
        feed.reset(loaded);
        state = loaded;

        assertThat(feed.read(0).snapshot()).isEqualTo(loaded);
        assertThat(feed.read(6).snapshot()).isEqualTo(loaded);
        // The snapshot's own last record is the floor: a broker there is up to date, not sent the snapshot again.
        assertThat(feed.read(7).isEmpty()).isTrue();
        append(9, register(3));
        assertThat(feed.read(7).records()).extracting(IndexedRecord::index).containsExactly(9L);
    }

    @Test
    void waitersWakeWhenARecordAfterTheirIndexIsApplied() {
        append(1, register(1));
        CompletableFuture<Void> after1 = feed.awaitAfter(1);
        CompletableFuture<Void> after3 = feed.awaitAfter(3);
        CompletableFuture<Void> applied2 = feed.awaitApplied(2);

        assertThat(feed.awaitAfter(0)).isDone();
        assertThat(after1).isNotDone();

        append(2, register(2));
        assertThat(after1).isDone();
        assertThat(applied2).isDone();
        assertThat(after3).isNotDone();

        feed.reset(state);
        assertThat(after3).as("readers re-read after a reset").isDone();
    }

    @Test
    void applyWaitersDoNotWakeOnAResetBelowTheirIndex() {
        CompletableFuture<Void> applied = feed.awaitApplied(4);
        feed.reset(state);
        assertThat(applied).isNotDone();
        append(4, register(1));
        assertThat(applied).isDone();
    }

    @Test
    void cancelledWaitersAreDropped() {
        CompletableFuture<Void> gaveUp = feed.awaitAfter(0);
        gaveUp.cancel(false);
        CompletableFuture<Void> waiting = feed.awaitAfter(0);

        append(1, register(1));

        assertThat(waiting).isDone();
        assertThat(gaveUp).isCancelled();
    }

    @Test
    void readsMatchAnOracleOverRandomHistories() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int capacity = 1 + random.nextInt(8);
        MetadataFeed feed = new MetadataFeed(ClusterState.empty("c"), capacity, Runnable::run);
        TreeMap<Long, MetadataRecord> oracle = new TreeMap<>();
        ClusterState current = ClusterState.empty("c");
        long index = 0;
        for (int step = 0; step < 500; step++) {
            index += 1 + random.nextInt(3);
            MetadataRecord record = register(random.nextInt(5));
            current = MetadataApplier.apply(current, index, record).state();
            feed.append(index, record, current);
            oracle.put(index, record);
            long after = random.nextLong(index + 2);
            FeedRead read = feed.read(after);
            List<Long> expected = new ArrayList<>(oracle.tailMap(after, false).keySet());
            if (read.snapshot() != null) {
                // Only when the ring cannot answer: a record after `after` has been evicted.
                assertThat(after).as("seed %d", seed).isLessThan(feed.floor());
                assertThat(oracle).as("seed %d", seed).containsKey(feed.floor());
                assertThat(read.snapshot()).isEqualTo(current);
            } else {
                assertThat(read.records())
                        .as("seed %d, after %d", seed, after)
                        .extracting(IndexedRecord::index)
                        .containsExactlyElementsOf(expected);
            }
            assertThat(read.lastIndex()).isEqualTo(index);
        }
    }

    private void append(long index, MetadataRecord record) {
        ApplyResult result = MetadataApplier.apply(state, index, record);
        state = result.state();
        feed.append(index, record, state);
    }

    private static RegisterBroker register(int id) {
        return new RegisterBroker(id, "inc-" + id + "-" + System.nanoTime(), "h", 9092, null);
    }
}
