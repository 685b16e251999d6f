package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random runs of what a replica's log goes through (leader appends, follower appends, truncations, high
 * watermark updates, crashes and restarts) checked against a model: the list of the log's batches with their
 * offsets, leader epochs and producer sequences. Every assertion names the seed and the step.
 */
class ReplicationSimulationTest {

    private static final long PRODUCER = 77L;
    private static final short PRODUCER_EPOCH = 0;
    private static final int STEPS = 250;

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** One batch of the model; sequences are -1 for a batch without producer id. */
    private record Batch(long baseOffset, long lastOffset, int epoch, int firstSequence, int lastSequence) {

        boolean idempotent() {
            return firstSequence >= 0;
        }
    }

    /** What the log should hold. */
    private static final class Model {
        long start;
        long highWatermark;
        final List<Batch> batches = new ArrayList<>();

        long end() {
            return batches.isEmpty() ? start : batches.get(batches.size() - 1).lastOffset() + 1;
        }

        List<Batch> producerBatches() {
            return batches.stream().filter(Batch::idempotent).toList();
        }

        int nextSequence() {
            List<Batch> produced = producerBatches();
            return produced.isEmpty() ? 0 : produced.get(produced.size() - 1).lastSequence() + 1;
        }

        void truncateTo(long offset) {
            if (offset >= end()) {
                return;
            }
            if (offset < start) {
                restartAt(offset);
                return;
            }
            batches.removeIf(batch -> batch.lastOffset() >= offset);
            highWatermark = Math.min(highWatermark, end());
        }

        void restartAt(long offset) {
            batches.clear();
            start = offset;
            highWatermark = offset;
        }

        /** The leader epochs and their start offsets, as the batches tell them. */
        TreeMap<Integer, Long> epochStarts() {
            TreeMap<Integer, Long> starts = new TreeMap<>();
            for (Batch batch : batches) {
                if (starts.isEmpty() || batch.epoch() > starts.lastKey()) {
                    starts.put(batch.epoch(), batch.baseOffset());
                }
            }
            return starts;
        }

        /** Kafka's OffsetForLeaderEpoch answer, worked out from the batches. */
        EpochEndOffset endOffsetFor(int requested) {
            TreeMap<Integer, Long> starts = epochStarts();
            if (requested < 0 || starts.isEmpty() || requested > starts.lastKey()) {
                return EpochEndOffset.UNDEFINED;
            }
            if (requested == starts.lastKey()) {
                return new EpochEndOffset(requested, end());
            }
            Map.Entry<Integer, Long> floor = starts.floorEntry(requested);
            long nextStart = starts.higherEntry(requested).getValue();
            return new EpochEndOffset(floor == null ? requested : floor.getKey(), nextStart);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void theLogAlwaysMatchesTheModel(long seed) {
        Random random = new Random(seed);
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config()
                        .segmentBytes(1_000)
                        .indexIntervalBytes(200)
                        .build());
        PartitionLog log = fixture.log();
        log.enableReplicatedHighWatermark();
        Model model = new Model();
        int epoch = 0;
        for (int step = 0; step < STEPS; step++) {
            String context = "seed " + seed + " step " + step;
            int op = random.nextInt(100);
            if (op < 5) {
                epoch += 1 + random.nextInt(2);
            } else if (op < 35) {
                appendAsLeader(log, model, epoch, random, context);
            } else if (op < 62) {
                appendAsFollower(log, model, epoch, random);
            } else if (op < 74) {
                long offset = Math.max(0, model.start + random.nextInt((int) (model.end() - model.start) + 4) - 2);
                log.truncateTo(offset);
                model.truncateTo(offset);
            } else if (op < 76) {
                long offset = Math.max(0, model.end() + random.nextInt(30) - 10);
                log.truncateFullyAndStartAt(offset);
                model.restartAt(offset);
            } else if (op < 86) {
                long offset = model.start + random.nextInt((int) (model.end() - model.start) + 5) - 2;
                log.updateHighWatermark(offset);
                long clamped = Math.min(Math.max(offset, model.start), model.end());
                model.highWatermark = Math.max(model.highWatermark, clamped);
            } else if (op < 91) {
                retryARecentProducerBatch(log, model, epoch, random, context);
            } else if (op < 94) {
                fixture.manager.checkpointRecoveryPoints();
            } else if (op < 97) {
                log = fixture.restartAfterCrash();
                log.enableReplicatedHighWatermark();
                // Only the last checkpoint survives a crash: never more than it was, never outside the log.
                assertThat(log.highWatermark()).as(context).isBetween(model.start, model.highWatermark);
                model.highWatermark = log.highWatermark();
            } else {
                log = fixture.restartClean();
                log.enableReplicatedHighWatermark();
            }
            assertThat(log.logStartOffset()).as(context).isEqualTo(model.start);
            assertThat(log.logEndOffset()).as(context).isEqualTo(model.end());
            assertThat(log.highWatermark()).as(context).isEqualTo(model.highWatermark);
            if (step % 10 == 0 || step == STEPS - 1) {
                assertContents(log, model, epoch, context);
            }
        }
    }

    private static void appendAsLeader(PartitionLog log, Model model, int epoch, Random random, String context) {
        int count = 1 + random.nextInt(4);
        boolean idempotent = random.nextBoolean();
        int sequence = model.nextSequence();
        MemoryRecords records = idempotent
                ? TestRecords.idempotent(PRODUCER, PRODUCER_EPOCH, sequence, count)
                : TestRecords.batch(count);
        long expected = model.end();

        AppendResult result = log.appendAsLeader(records, epoch);

        assertThat(result.duplicate()).as(context).isFalse();
        assertThat(result.firstOffset()).as(context).isEqualTo(expected);
        model.batches.add(new Batch(
                expected,
                expected + count - 1,
                epoch,
                idempotent ? sequence : -1,
                idempotent ? sequence + count - 1 : -1));
    }

    private static void appendAsFollower(PartitionLog log, Model model, int epoch, Random random) {
        int batches = 1 + random.nextInt(3);
        MemoryRecords[] fetched = new MemoryRecords[batches];
        long offset = model.end();
        for (int i = 0; i < batches; i++) {
            int count = 1 + random.nextInt(4);
            boolean idempotent = random.nextBoolean();
            int sequence = model.nextSequence();
            fetched[i] = idempotent
                    ? TestRecords.fetchedIdempotent(offset, epoch, PRODUCER, PRODUCER_EPOCH, sequence, 1_000, count)
                    : TestRecords.fetched(offset, epoch, 1_000, count);
            model.batches.add(new Batch(
                    offset,
                    offset + count - 1,
                    epoch,
                    idempotent ? sequence : -1,
                    idempotent ? sequence + count - 1 : -1));
            offset += count;
        }
        log.appendAsFollower(TestRecords.concat(fetched));
    }

    private static void retryARecentProducerBatch(
            PartitionLog log, Model model, int epoch, Random random, String context) {
        List<Batch> produced = model.producerBatches();
        if (produced.isEmpty()) {
            return;
        }
        int recent = Math.min(produced.size(), ProducerEntry.MAX_BATCHES);
        Batch original = produced.get(produced.size() - 1 - random.nextInt(recent));
        int count = original.lastSequence() - original.firstSequence() + 1;

        AppendResult retry = log.appendAsLeader(
                TestRecords.idempotent(PRODUCER, PRODUCER_EPOCH, original.firstSequence(), count), epoch);

        assertThat(retry.duplicate()).as(context + " retry of " + original).isTrue();
        assertThat(retry.firstOffset()).as(context).isEqualTo(original.baseOffset());
        assertThat(retry.lastOffset()).as(context).isEqualTo(original.lastOffset());
    }

    private static void assertContents(PartitionLog log, Model model, int epoch, String context) {
        List<Batch> stored = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            MutableRecordBatch batch =
                    TestRecords.batches(log.read(offset, 1, true).records()).get(0);
            boolean idempotent = batch.producerId() != RecordBatch.NO_PRODUCER_ID;
            stored.add(new Batch(
                    batch.baseOffset(),
                    batch.lastOffset(),
                    batch.partitionLeaderEpoch(),
                    idempotent ? batch.baseSequence() : -1,
                    idempotent ? batch.lastSequence() : -1));
            offset = batch.lastOffset() + 1;
        }
        assertThat(stored).as(context).isEqualTo(model.batches);
        for (int requested = -1; requested <= epoch + 1; requested++) {
            assertThat(log.lastOffsetForLeaderEpoch(requested))
                    .as(context + " epoch " + requested)
                    .isEqualTo(model.endOffsetFor(requested));
        }
        LogReadResult committed = log.read(model.start, Integer.MAX_VALUE, false, model.highWatermark);
        assertThat(TestRecords.batches(committed.records()))
                .as(context)
                .allSatisfy(batch -> assertThat(batch.lastOffset()).isLessThan(model.highWatermark));
    }
}
