package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.storage.KeyedRecords.Read;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCleanerTest {

    static final long HOUR = 3_600_000L;

    @TempDir
    Path dataDir;

    private LogFixture fixture;
    private final Map<String, String> latestValue = new HashMap<>();
    private final Map<String, Long> latestOffset = new HashMap<>();
    private int markers;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A compacted log with small segments and a dense index, rolled by hand with {@link #rollActiveSegment}. */
    private PartitionLog compacted(TestLogConfig config) {
        fixture = new LogFixture(
                dataDir,
                config.compact().segmentMs(HOUR).indexIntervalBytes(100).build());
        return fixture.log();
    }

    private static TestLogConfig small() {
        return TestLogConfig.config().segmentBytes(700);
    }

    private AppendResult put(PartitionLog log, String key, String value) {
        AppendResult result = log.appendAsLeader(KeyedRecords.batch(fixture.clock.millis(), key, value), 0);
        latestValue.put(key, value);
        latestOffset.put(key, result.lastOffset());
        return result;
    }

    /** Writes {@code count} single-record batches over {@code keys} keys: k0=v0, k1=v1, ... k0=v{keys}, ... */
    private void putUpdates(PartitionLog log, int count, int keys) {
        for (int i = 0; i < count; i++) {
            put(log, "k" + (i % keys), "v" + i);
        }
    }

    /** Starts a new active segment holding only a marker record, so everything before it can be cleaned. */
    private void rollActiveSegment(PartitionLog log) {
        fixture.clock.advance(HOUR);
        put(log, "marker-" + markers++, "m");
    }

    /** What a consumer reading from the start must see: the latest value of each key, at its original offset. */
    private List<Read> expectedAfterCleaning() {
        List<Read> expected = new ArrayList<>();
        latestValue.forEach((key, value) -> {
            if (value != null) {
                expected.add(new Read(latestOffset.get(key), key, value));
            }
        });
        expected.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return expected;
    }

    @Test
    void keepsTheLatestValuePerKeyAtItsOriginalOffset() {
        PartitionLog log = compacted(small());
        putUpdates(log, 60, 5);
        log.appendAsLeader(KeyedRecords.batch(fixture.clock.millis(), "k1", "b1", "k9", "b9", "k1", "b2"), 0);
        latestValue.put("k1", "b2");
        latestOffset.put("k1", 62L);
        latestValue.put("k9", "b9");
        latestOffset.put("k9", 61L);
        rollActiveSegment(log);
        long end = log.logEndOffset();
        long sizeBefore = log.sizeInBytes();

        Optional<CleanerStats> stats = fixture.manager.runCleaner();

        assertThat(stats).isPresent();
        assertThat(stats.get().recordsRetained()).isEqualTo(6);
        assertThat(stats.get().cleanedUpTo()).isEqualTo(log.logEndOffset() - 1);
        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.sizeInBytes()).isLessThan(sizeBefore / 4);
        assertThat(log.appendAsLeader(KeyedRecords.batch(1, "k0", "after"), 0).firstOffset())
                .isEqualTo(end);
        assertThat(fixture.manager.runCleaner()).isEmpty();
    }

    @Test
    void readingARemovedOffsetReturnsTheNextKeptBatch() {
        PartitionLog log = compacted(small());
        putUpdates(log, 40, 4);
        rollActiveSegment(log);
        fixture.manager.runCleaner().orElseThrow();

        List<Long> kept = KeyedRecords.readAll(log).stream().map(Read::offset).toList();
        assertThat(kept).containsExactly(36L, 37L, 38L, 39L, 40L);
        for (long offset = 0; offset < 36; offset++) {
            LogReadResult read = log.read(offset, 1, true);
            MutableRecordBatch batch = TestRecords.batches(read.records()).get(0);
            assertThat(batch.baseOffset()).as("read at %d", offset).isEqualTo(36);
            assertThat(read.nextOffset()).isEqualTo(37);
        }
    }

    @Test
    void aSliceReadBeforeCleaningStaysReadableAfterTheSwap() {
        PartitionLog log = compacted(small());
        putUpdates(log, 40, 4);
        rollActiveSegment(log);
        FileSlice inFlight = log.read(0, 10_000, false).records();
        byte[] before = TestRecords.bytes(inFlight);

        fixture.manager.runCleaner().orElseThrow();

        assertThat(TestRecords.bytes(inFlight)).isEqualTo(before);
        assertThat(TestRecords.batches(inFlight).get(0).baseOffset()).isZero();
    }

    @Test
    void cleaningGivesWayWhenDeleteRecordsRemovesASegmentMeanwhile() throws IOException {
        PartitionLog log = compacted(small());
        putUpdates(log, 60, 5);
        rollActiveSegment(log);
        List<Read> before = KeyedRecords.readAll(log);
        long secondSegment = log.segmentsSnapshot().get(1).baseOffset();
        fixture.manager.cleanerObserver((step, baseOffset) -> {
            if (step == SegmentSwap.Step.CLEANED_WRITTEN && log.logStartOffset() == 0) {
                log.deleteRecordsBefore(secondSegment);
            }
        });

        assertThat(fixture.manager.runCleaner()).isEmpty();

        assertThat(KeyedRecords.readAll(log))
                .isEqualTo(before.stream()
                        .filter(read -> read.offset() >= secondSegment)
                        .toList());
        try (Stream<Path> files = Files.list(log.dir())) {
            assertThat(files.filter(f -> f.toString().endsWith(LogFileNames.CLEANED_SUFFIX)))
                    .isEmpty();
        }
        fixture.manager.cleanerObserver(SegmentSwap.Observer.NONE);
        fixture.manager.runCleaner().orElseThrow();
        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void cleaningGivesWayWhenTheLogIsTruncatedMeanwhile() throws IOException {
        PartitionLog log = compacted(small());
        putUpdates(log, 60, 5);
        rollActiveSegment(log);
        List<Read> before = KeyedRecords.readAll(log);
        long cut = log.segmentsSnapshot().get(1).baseOffset() / 2;
        fixture.manager.cleanerObserver((step, baseOffset) -> {
            if (step == SegmentSwap.Step.CLEANED_WRITTEN && log.logEndOffset() > cut) {
                // A follower cutting its log back while the cleaner has a copy of the segment being cut.
                log.truncateTo(cut);
            }
        });

        assertThat(fixture.manager.runCleaner()).isEmpty();

        assertThat(log.logEndOffset()).isEqualTo(cut);
        assertThat(KeyedRecords.readAll(log))
                .isEqualTo(before.stream().filter(read -> read.offset() < cut).toList());
        try (Stream<Path> files = Files.list(log.dir())) {
            assertThat(files.filter(f -> f.toString().endsWith(LogFileNames.CLEANED_SUFFIX)))
                    .isEmpty();
        }
    }

    @Test
    void compressedBatchesKeepTheirLatestRecords() {
        PartitionLog log = compacted(small());
        log.appendAsLeader(KeyedRecords.compressed(1, "a", "a0", "b", "b0", "c", "c0"), 0);
        log.appendAsLeader(KeyedRecords.compressed(1, "a", "a1", "b", "b1"), 0);
        rollActiveSegment(log);

        fixture.manager.runCleaner().orElseThrow();

        assertThat(KeyedRecords.readAll(log))
                .containsExactly(
                        new Read(2, "c", "c0"),
                        new Read(3, "a", "a1"),
                        new Read(4, "b", "b1"),
                        new Read(5, "marker-0", "m"));
    }

    @Test
    void tombstonesSurviveDeleteRetentionThenGo() {
        PartitionLog log = compacted(small().deleteRetentionMs(10 * HOUR));
        putUpdates(log, 30, 5);
        put(log, "k1", null);
        put(log, "k2", null);
        rollActiveSegment(log);

        fixture.manager.runCleaner().orElseThrow();

        Map<String, String> afterFirstPass = KeyedRecords.lastValues(KeyedRecords.readAll(log));
        assertThat(afterFirstPass).containsEntry("k1", null).containsEntry("k2", null);
        assertThat(afterFirstPass).hasSize(6);
        fixture.clock.advance(9 * HOUR);
        assertThat(fixture.manager.runCleaner()).isEmpty();
        assertThat(KeyedRecords.readAll(log)).hasSize(6);

        fixture.clock.advance(2 * HOUR);
        fixture.manager.runCleaner().orElseThrow();

        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
        assertThat(KeyedRecords.lastValues(KeyedRecords.readAll(log))).doesNotContainKeys("k1", "k2");
    }

    @Test
    void tombstoneDeadlineSurvivesRestart() {
        PartitionLog log = compacted(small().deleteRetentionMs(10 * HOUR));
        putUpdates(log, 10, 2);
        put(log, "k0", null);
        rollActiveSegment(log);
        fixture.manager.runCleaner().orElseThrow();

        PartitionLog reopened = fixture.restartClean();
        assertThat(fixture.manager.runCleaner()).isEmpty();
        fixture.clock.advance(11 * HOUR);
        fixture.manager.runCleaner().orElseThrow();

        assertThat(KeyedRecords.readAll(reopened)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void minCompactionLagProtectsRecentRecords() {
        PartitionLog log = compacted(small().minCompactionLagMs(2 * HOUR));
        putUpdates(log, 40, 4);
        fixture.clock.advance(3 * HOUR);
        long recentFrom = log.logEndOffset();
        putUpdates(log, 40, 4);
        rollActiveSegment(log);

        CleanerStats stats = fixture.manager.runCleaner().orElseThrow();

        assertThat(stats.cleanedUpTo()).isLessThanOrEqualTo(recentFrom);
        List<Read> reads = KeyedRecords.readAll(log);
        assertThat(reads.stream().filter(read -> read.offset() >= recentFrom))
                .as("every recent record is still there")
                .hasSize(41);
        assertThat(reads.stream().filter(read -> read.offset() < recentFrom)).hasSizeLessThan(40);
        assertThat(fixture.manager.runCleaner()).isEmpty();

        fixture.clock.advance(3 * HOUR);
        fixture.manager.runCleaner().orElseThrow();

        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void minCleanableDirtyRatioGatesCleaning() {
        PartitionLog log = compacted(small().minCleanableDirtyRatio(0.5));
        for (int i = 0; i < 40; i++) {
            put(log, "unique-" + i, "u" + i);
        }
        rollActiveSegment(log);
        fixture.manager.runCleaner().orElseThrow();
        long cleanSize = log.sizeInBytes();

        putUpdates(log, 8, 2);
        rollActiveSegment(log);

        assertThat(fixture.manager.runCleaner()).isEmpty();
        assertThat(KeyedRecords.readAll(log)).hasSize(40 + 2 + 8);

        putUpdates(log, (int) (cleanSize / 60), 2);
        rollActiveSegment(log);
        CleanerStats stats = fixture.manager.runCleaner().orElseThrow();

        assertThat(stats.dirtyRatio()).isGreaterThanOrEqualTo(0.5);
        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void maxCompactionLagForcesCleaningBelowTheRatio() {
        fixture = new LogFixture(
                dataDir,
                small().compact()
                        .minCleanableDirtyRatio(0.99)
                        .maxCompactionLagMs(5 * HOUR)
                        .build());
        PartitionLog log = fixture.log();
        putUpdates(log, 30, 30);
        put(log, "k0", "again");

        fixture.manager.runCleaner().orElseThrow();
        putUpdates(log, 6, 2);

        assertThat(fixture.manager.runCleaner()).isEmpty();
        fixture.clock.advance(6 * HOUR);
        // max.compaction.lag.ms also rolls the active segment, so its records become cleanable.
        put(log, "late", "l");
        fixture.manager.runCleaner().orElseThrow();

        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void theActiveSegmentIsNeverCleaned() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().compact().build());
        PartitionLog log = fixture.log();
        putUpdates(log, 20, 2);

        assertThat(fixture.manager.runCleaner()).isEmpty();

        assertThat(KeyedRecords.readAll(log)).hasSize(20);
    }

    @Test
    void compactOnlyLogsIgnoreRetentionButCompactDeleteLogsApplyIt() {
        PartitionLog compactOnly = compacted(small().retentionMs(10 * HOUR));
        putUpdates(compactOnly, 40, 40);
        fixture.clock.advance(11 * HOUR);
        rollActiveSegment(compactOnly);

        fixture.manager.runRetention();

        assertThat(compactOnly.logStartOffset()).isZero();
        assertThat(KeyedRecords.readAll(compactOnly)).hasSize(41);
        fixture.close();
        latestValue.clear();
        latestOffset.clear();

        fixture = new LogFixture(
                dataDir.resolve("both"),
                small().compactAndDelete()
                        .retentionMs(10 * HOUR)
                        .segmentMs(HOUR)
                        .build());
        PartitionLog both = fixture.log();
        putUpdates(both, 40, 4);
        fixture.clock.advance(11 * HOUR);
        long keptFrom = both.logEndOffset();
        putUpdates(both, 10, 4);
        rollActiveSegment(both);
        fixture.manager.runCleaner().orElseThrow();

        fixture.manager.runRetention();

        assertThat(both.logStartOffset()).isGreaterThan(0).isLessThanOrEqualTo(keptFrom);
        assertThat(KeyedRecords.readAll(both)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void aSmallOffsetMapCleansOverSeveralPasses() {
        fixture = new LogFixture(
                dataDir,
                small().compact().segmentMs(HOUR).minCleanableDirtyRatio(0).build(),
                new MutableClock(1_700_000_000_000L),
                60_000,
                LogFixture.cleanerConfig(8));
        PartitionLog log = fixture.log();
        putUpdates(log, 120, 20);
        rollActiveSegment(log);

        CleanerStats first = fixture.manager.runCleaner().orElseThrow();
        assertThat(first.mapEntries()).isLessThanOrEqualTo(8);
        assertThat(first.cleanedUpTo()).isLessThan(120);
        int passes = 1;
        while (fixture.manager.runCleaner().isPresent()) {
            passes++;
        }

        assertThat(passes).isGreaterThan(2);
        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void theCleanerCheckpointSparesARestartFromCleaningAgain() throws IOException {
        PartitionLog log = compacted(small());
        putUpdates(log, 50, 5);
        rollActiveSegment(log);
        CleanerStats stats = fixture.manager.runCleaner().orElseThrow();

        assertThat(new CleanerCheckpoint(log.dir()).read())
                .hasValue(new CleanerCheckpoint.Point(stats.cleanedUpTo(), CleanerCheckpoint.NO_DELETE_HORIZON));
        fixture.restartClean();
        assertThat(fixture.manager.runCleaner()).isEmpty();
        PartitionLog recovered = fixture.restartAfterCrash();
        assertThat(fixture.manager.runCleaner()).isEmpty();
        assertThat(KeyedRecords.readAll(recovered)).containsExactlyElementsOf(expectedAfterCleaning());
    }

    @Test
    void appendsAndReadsGoOnWhileTheCleanerRuns() throws Exception {
        PartitionLog log = compacted(TestLogConfig.config().segmentBytes(1_500).minCleanableDirtyRatio(0));
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Map<String, String> written = new TreeMap<>();
            Map<String, Long> writtenAt = new HashMap<>();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < 3_000; i++) {
                            String key = "k" + (i % 50);
                            MemoryRecords batch = KeyedRecords.batch(1, key, "v" + i);
                            writtenAt.put(key, log.appendAsLeader(batch, 0).lastOffset());
                            written.put(key, "v" + i);
                        }
                    },
                    threads);
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                    () -> {
                        int scans = 0;
                        while (!writer.isDone()) {
                            List<Read> reads = KeyedRecords.readAll(log);
                            for (int i = 1; i < reads.size(); i++) {
                                assertThat(reads.get(i).offset())
                                        .isGreaterThan(reads.get(i - 1).offset());
                            }
                            scans++;
                        }
                        return scans;
                    },
                    threads);
            int passes = 0;
            while (!writer.isDone()) {
                passes += fixture.manager.runCleaner().isPresent() ? 1 : 0;
            }
            writer.get();
            assertThat(reader.get()).isPositive();
            written.forEach(latestValue::put);
            writtenAt.forEach(latestOffset::put);
            rollActiveSegment(log);
            while (fixture.manager.runCleaner().isPresent()) {
                passes++;
            }

            assertThat(passes).isPositive();
            assertThat(log.logEndOffset()).isEqualTo(3_001);
            assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theLastBatchOfAnIdempotentProducerSurvivesAsAnEmptyBatch() throws IOException {
        PartitionLog log = compacted(small());
        long producerId = 42;
        short epoch = 0;
        AppendResult last = null;
        for (int sequence = 0; sequence < 5; sequence++) {
            last = log.appendAsLeader(KeyedRecords.idempotent(producerId, epoch, sequence, "p", "p" + sequence), 0);
        }
        putUpdates(log, 20, 1);
        put(log, "p", "overwritten");
        rollActiveSegment(log);

        fixture.manager.runCleaner().orElseThrow();

        List<MutableRecordBatch> batches =
                TestRecords.batches(log.read(0, 1_000_000, true).records());
        assertThat(batches.get(0).producerId()).isEqualTo(producerId);
        assertThat(batches.get(0).countOrNull()).isZero();
        assertThat(batches.get(0).baseOffset()).isEqualTo(last.firstOffset());
        assertThat(batches.get(0).lastSequence()).isEqualTo(4);
        assertThat(KeyedRecords.readAll(log)).containsExactlyElementsOf(expectedAfterCleaning());
        assertThat(log.appendAsLeader(KeyedRecords.idempotent(producerId, epoch, 4, "p", "p4"), 0)
                        .duplicate())
                .isTrue();

        fixture.crash();
        try (Stream<Path> files = Files.list(log.dir())) {
            for (Path snapshot : files.filter(f -> f.toString().endsWith(LogFileNames.SNAPSHOT_SUFFIX))
                    .toList()) {
                Files.delete(snapshot);
            }
        }
        PartitionLog replayed = fixture.reopen();

        AppendResult retry = replayed.appendAsLeader(KeyedRecords.idempotent(producerId, epoch, 4, "p", "p4"), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(last.firstOffset());
        assertThat(replayed.appendAsLeader(KeyedRecords.idempotent(producerId, epoch, 5, "p", "p5"), 0)
                        .duplicate())
                .isFalse();
    }
}
