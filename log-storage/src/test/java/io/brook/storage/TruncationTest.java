package io.brook.storage;

import static io.brook.storage.TestRecords.fetched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.OffsetOutOfRangeException;
import io.brook.storage.errors.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TruncationTest extends OpenedLogTest {

    private static final long PRODUCER = 4242L;
    private static final short EPOCH = 3;

    @Test
    void truncateInsideTheActiveSegmentThenAppendAgainAtTheCut() {
        PartitionLog log = open(TestLogConfig.config().indexIntervalBytes(100));
        List<byte[]> stored = fixture.appendBatches(log, 10, 2);
        List<MutableRecordBatch> before = batches(log);
        long cut = before.get(6).baseOffset();

        log.truncateTo(cut);

        assertThat(log.logEndOffset()).isEqualTo(cut);
        assertThat(batches(log)).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(TestRecords.bytes(
                            log.read(before.get(i).baseOffset(), 1, true).records()))
                    .isEqualTo(stored.get(i));
        }
        assertThat(log.read(cut, 1_000, true).records().isEmpty()).isTrue();
        assertThatThrownBy(() -> log.read(cut + 1, 1_000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.appendAsFollower(fetched(cut, 4, 1_000, 3)).firstOffset())
                .isEqualTo(cut);
        assertThat(log.appendAsLeader(TestRecords.batch(1), 4).firstOffset()).isEqualTo(cut + 3);
        assertEveryOffsetReadable(log);
    }

    @Test
    void truncateAcrossSegmentsDeletesTheLaterOnesAndCutsTheOneHoldingTheOffset() throws IOException {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_000).indexIntervalBytes(100));
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(TestRecords.batch(1_000L + i, 3), 0);
        }
        List<LogSegment> segments = log.segmentsSnapshot();
        assertThat(segments).hasSizeGreaterThan(5);
        LogSegment holding = segments.get(2);
        List<MutableRecordBatch> inHolding = batches(log).stream()
                .filter(b -> b.baseOffset() >= holding.baseOffset()
                        && b.baseOffset() < segments.get(3).baseOffset())
                .toList();
        assertThat(inHolding).hasSizeGreaterThan(2);
        long cut = inHolding.get(inHolding.size() / 2).baseOffset();
        MutableRecordBatch last = inHolding.get(inHolding.size() / 2 - 1);

        log.truncateTo(cut);

        assertThat(log.logEndOffset()).isEqualTo(cut);
        assertThat(log.segmentsSnapshot())
                .extracting(LogSegment::baseOffset)
                .containsExactly(segments.get(0).baseOffset(), segments.get(1).baseOffset(), holding.baseOffset());
        assertThat(logFiles(log))
                .containsExactly(
                        LogFileNames.logFile(log.dir(), segments.get(0).baseOffset()),
                        LogFileNames.logFile(log.dir(), segments.get(1).baseOffset()),
                        LogFileNames.logFile(log.dir(), holding.baseOffset()));
        // The cut segment's largest timestamp is found again among the batches it kept.
        assertThat(log.maxTimestampOffset()).hasValue(new TimestampOffset(last.maxTimestamp(), last.baseOffset()));
        assertThat(log.offsetForTimestamp(1_059)).isEmpty();
        fixture.appendBatches(log, 30, 3);
        assertThat(log.segmentsSnapshot().size()).isGreaterThan(4);
        assertEveryOffsetReadable(log);
        assertEveryOffsetReadable(fixture.restartClean());
    }

    @Test
    void aBatchStraddlingTheOffsetGoesWhole() {
        PartitionLog log = open(TestLogConfig.config());
        log.appendAsLeader(TestRecords.batch(3), 0);
        log.appendAsLeader(TestRecords.batch(3), 0);

        log.truncateTo(4);

        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7, 1_000})
    void truncatingAtOrPastTheEndChangesNothing(long offset) {
        PartitionLog log = open(TestLogConfig.config());
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(TestRecords.batch(2), 0);
        }
        long size = log.sizeInBytes();

        log.truncateTo(offset);

        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.sizeInBytes()).isEqualTo(size);
    }

    @Test
    void leaderEpochsFromTheNewEndOnAreForgotten() {
        PartitionLog log = open(TestLogConfig.config());
        for (int epoch : List.of(0, 0, 0, 2, 2, 5, 5)) {
            log.appendAsLeader(TestRecords.batch(2), epoch);
        }

        log.truncateTo(8);

        assertThat(epochs(log)).isEqualTo(Map.of(0, 0L, 2, 6L));
        assertThat(log.lastOffsetForLeaderEpoch(2)).isEqualTo(new EpochEndOffset(2, 8));
        assertThat(log.lastOffsetForLeaderEpoch(5)).isEqualTo(EpochEndOffset.UNDEFINED);

        log.truncateTo(6);

        assertThat(epochs(log)).isEqualTo(Map.of(0, 0L));
        assertThat(fixture.restartAfterCrash().lastOffsetForLeaderEpoch(0)).isEqualTo(new EpochEndOffset(0, 6));
    }

    @Test
    void aResentIdempotentBatchThatWasTruncatedIsAcceptedAgain() {
        // Small segments: the truncation also removes producer snapshots taken at rolls above the cut.
        PartitionLog log = open(TestLogConfig.config().segmentBytes(300));
        List<AppendResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, i * 2, 2), 1));
        }
        assertThat(log.segmentsSnapshot()).hasSizeGreaterThan(2);
        long cut = results.get(4).firstOffset();

        log.truncateTo(cut);

        assertResentBatchIsAccepted(log, results, cut);
    }

    @Test
    void producerStateIsRightAfterATruncationAndACrash() {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(300));
        List<AppendResult> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, i * 2, 2), 1));
        }
        long cut = results.get(4).firstOffset();
        log.truncateTo(cut);

        assertResentBatchIsAccepted(fixture.restartAfterCrash(), results, cut);
    }

    private static void assertResentBatchIsAccepted(PartitionLog log, List<AppendResult> results, long cut) {
        AppendResult retryOfKept = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 6, 2), 1);
        assertThat(retryOfKept.duplicate()).isTrue();
        assertThat(retryOfKept.firstOffset()).isEqualTo(results.get(3).firstOffset());

        AppendResult resent = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 8, 2), 2);

        assertThat(resent.duplicate()).isFalse();
        assertThat(resent.firstOffset()).isEqualTo(cut);
    }

    @Test
    void truncateFullyRestartsTheLogEmptyAtTheOffset() throws IOException {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_000));
        fixture.appendBatches(log, 20, 3);
        log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 0, 2), 1);

        log.truncateFullyAndStartAt(500);

        assertRestartedEmptyAt(log, 500);
        assertThat(logFiles(log)).containsExactly(LogFileNames.logFile(log.dir(), 500));
        assertThat(log.lastOffsetForLeaderEpoch(1)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThatThrownBy(() -> log.read(499, 100, true)).isInstanceOf(OffsetOutOfRangeException.class);
        // The producer's earlier batch is gone, so its retry is new data.
        assertThat(log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 0, 2), 1)
                        .duplicate())
                .isFalse();
        assertThat(log.appendAsFollower(fetched(502, 2, 1_000, 3)).lastOffset()).isEqualTo(504);
    }

    @Test
    void truncateFullyIsKeptByACrashAndARestart() {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_000));
        fixture.appendBatches(log, 20, 3);
        log.truncateFullyAndStartAt(7);

        assertRestartedEmptyAt(fixture.restartAfterCrash(), 7);
        assertRestartedEmptyAt(fixture.restartClean(), 7);
    }

    @Test
    void truncatingBelowTheFirstSegmentRestartsTheLogThere() {
        PartitionLog log = open(TestLogConfig.config());
        log.truncateFullyAndStartAt(50);
        fixture.appendBatches(log, 5, 2);

        log.truncateTo(20);

        assertRestartedEmptyAt(log, 20);
    }

    private static void assertRestartedEmptyAt(PartitionLog log, long offset) {
        assertThat(log.logStartOffset()).isEqualTo(offset);
        assertThat(log.logEndOffset()).isEqualTo(offset);
        assertThat(log.highWatermark()).isEqualTo(offset);
        assertThat(log.sizeInBytes()).isZero();
        assertThat(log.segmentsSnapshot()).extracting(LogSegment::baseOffset).containsExactly(offset);
    }

    @Test
    void aCrashAfterTruncatingAndAppendingRecoversTheNewRecords() throws Exception {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_500).indexIntervalBytes(100));
        fixture.appendBatches(log, 40, 3);
        log.flushUpTo(log.logEndOffset()).get();
        fixture.manager.checkpointRecoveryPoints();
        long cut = batches(log).get(10).baseOffset();

        log.truncateTo(cut);

        assertThat(recoveryPoint(log)).isLessThanOrEqualTo(cut);
        // New records from the new leader, never flushed: recovery must re-read them, not trust the old flush.
        long offset = cut;
        List<byte[]> appended = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            var records = fetched(offset, 9, 5_000 + i, 1 + i % 4);
            appended.add(TestRecords.bytes(records));
            offset = log.appendAsFollower(records).lastOffset() + 1;
        }
        long endOffset = log.logEndOffset();

        PartitionLog recovered = fixture.restartAfterCrash();

        assertThat(recovered.logEndOffset()).isEqualTo(endOffset);
        long next = cut;
        for (byte[] bytes : appended) {
            FileSlice slice = recovered.read(next, 1, true).records();
            assertThat(TestRecords.bytes(slice)).isEqualTo(bytes);
            next = TestRecords.batches(slice).get(0).lastOffset() + 1;
        }
        assertThat(recovered.lastOffsetForLeaderEpoch(0)).isEqualTo(new EpochEndOffset(0, cut));
        assertThat(recovered.lastOffsetForLeaderEpoch(9)).isEqualTo(new EpochEndOffset(9, endOffset));
    }

    @Test
    void aCrashRightAfterTruncatingLoadsTheTruncatedLog() {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_500));
        fixture.appendBatches(log, 40, 3);
        long cut = batches(log).get(17).baseOffset();
        log.truncateTo(cut);

        PartitionLog recovered = fixture.restartAfterCrash();

        assertThat(recovered.logEndOffset()).isEqualTo(cut);
        assertEveryOffsetReadable(recovered);
        assertThat(recovered.appendAsLeader(TestRecords.batch(2), 1).firstOffset())
                .isEqualTo(cut);
    }

    @Test
    void aFlushWaiterForTruncatedOffsetsFailsAndNewRecordsAreFlushedAgain() throws Exception {
        PartitionLog log = open(TestLogConfig.config());
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(TestRecords.batch(2), 0);
        }
        log.flushUpTo(10).get();
        CompletableFuture<Void> beyondTheEnd = log.flushUpTo(12);

        log.truncateTo(4);

        assertThatThrownBy(beyondTheEnd::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(StorageException.class);
        assertThat(log.flushTracker().flushedOffset()).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            log.appendAsLeader(TestRecords.batch(2), 0);
        }
        CompletableFuture<Void> flushed = log.flushUpTo(8);
        flushed.get();
        assertThat(log.flushTracker().flushedOffset()).isGreaterThanOrEqualTo(8);
    }

    private static void assertEveryOffsetReadable(PartitionLog log) {
        for (long offset = log.logStartOffset(); offset < log.logEndOffset(); offset++) {
            List<MutableRecordBatch> read =
                    TestRecords.batches(log.read(offset, 1, true).records());
            assertThat(read).as("offset %d", offset).hasSize(1);
            assertThat(read.get(0).baseOffset()).isLessThanOrEqualTo(offset);
            assertThat(read.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
        }
    }

    private static List<MutableRecordBatch> batches(PartitionLog log) {
        List<MutableRecordBatch> all = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            MutableRecordBatch batch =
                    TestRecords.batches(log.read(offset, 1, true).records()).get(0);
            all.add(batch);
            offset = batch.lastOffset() + 1;
        }
        return all;
    }

    private static Map<Integer, Long> epochs(PartitionLog log) {
        try {
            return LeaderEpochCache.load(new CheckpointFile(log.dir().resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT)))
                    .entries();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long recoveryPoint(PartitionLog log) throws IOException {
        return new CheckpointFile(log.dir().resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT))
                .readOffset()
                .orElseThrow();
    }

    private static List<Path> logFiles(PartitionLog log) throws IOException {
        try (Stream<Path> files = Files.list(log.dir())) {
            return files.filter(f -> f.toString().endsWith(LogFileNames.LOG_SUFFIX))
                    .sorted()
                    .toList();
        }
    }
}
