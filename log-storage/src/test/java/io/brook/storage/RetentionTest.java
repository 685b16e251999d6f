package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.OffsetOutOfRangeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void timeRetentionDeletesSegmentsWhoseNewestRecordIsTooOld() throws IOException {
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config()
                        .segmentBytes(1_500)
                        .retentionMs(10 * HOUR)
                        .build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 20, 3);
        fixture.clock.advance(5 * HOUR);
        long keptFrom = log.logEndOffset();
        log.appendAsLeader(TestRecords.batch(fixture.clock.millis(), 10), 0);
        fixture.appendBatches(log, 10, 3);
        fixture.clock.advance(6 * HOUR);

        fixture.manager.runRetention();

        assertThat(log.logStartOffset()).isEqualTo(keptFrom);
        assertThatThrownBy(() -> log.read(keptFrom - 1, 100, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(TestRecords.batches(log.read(keptFrom, 100, true).records())
                        .get(0)
                        .baseOffset())
                .isEqualTo(keptFrom);
        assertThat(files(log.dir(), LogFileNames.DELETED_SUFFIX)).isNotEmpty();
    }

    @Test
    void timeRetentionOfTheActiveSegmentRollsFirst() throws IOException {
        fixture =
                new LogFixture(dataDir, TestLogConfig.config().retentionMs(HOUR).build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 5, 3);
        long end = log.logEndOffset();
        fixture.clock.advance(2 * HOUR);

        fixture.manager.runRetention();

        assertThat(log.logStartOffset()).isEqualTo(end);
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(log.sizeInBytes()).isZero();
        assertThat(log.appendAsLeader(TestRecords.batch(1), 0).firstOffset()).isEqualTo(end);
        assertThat(files(log.dir(), LogFileNames.LOG_SUFFIX)).containsExactly(LogFileNames.logFile(log.dir(), end));
    }

    @Test
    void sizeRetentionKeepsTheLogUnderRetentionBytesWithoutTouchingTheActiveSegment() {
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config().segmentBytes(1_000).retentionBytes(3_000).build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 60, 3);
        long end = log.logEndOffset();

        fixture.manager.runRetention();

        // Whole segments only: the log stays at least retention.bytes, and less than one more segment above it.
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(3_000).isLessThan(4_000);
        assertThat(log.logStartOffset()).isPositive();
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(TestRecords.batches(log.read(log.logStartOffset(), 100, true).records()))
                .hasSize(1);
    }

    @Test
    void deletedSegmentFilesAreRemovedAfterTheDelayOrOnClose() throws IOException {
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config().segmentBytes(1_000).retentionBytes(1_000).build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 30, 3);
        FileSlice inFlight = log.read(0, 10_000, false).records();

        fixture.manager.runRetention();

        assertThat(files(log.dir(), LogFileNames.DELETED_SUFFIX)).isNotEmpty();
        assertThat(TestRecords.batches(inFlight)).isNotEmpty();
        fixture.manager.close();
        assertThat(files(log.dir(), LogFileNames.DELETED_SUFFIX)).isEmpty();
    }

    @Test
    void deleteRecordsAdvancesTheLogStartOffsetAndSurvivesRestart() throws IOException {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().segmentBytes(1_000).build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 30, 3);
        int segmentsBefore = files(log.dir(), LogFileNames.LOG_SUFFIX).size();

        assertThat(log.deleteRecordsBefore(50)).isEqualTo(50);

        assertThat(log.logStartOffset()).isEqualTo(50);
        assertThat(files(log.dir(), LogFileNames.LOG_SUFFIX).size()).isLessThan(segmentsBefore);
        assertThatThrownBy(() -> log.read(49, 100, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(TestRecords.batches(log.read(50, 100, true).records()).get(0).lastOffset())
                .isGreaterThanOrEqualTo(50);
        assertThat(log.deleteRecordsBefore(10)).isEqualTo(50);
        assertThatThrownBy(() -> log.deleteRecordsBefore(log.highWatermark() + 1))
                .isInstanceOf(OffsetOutOfRangeException.class);

        assertThat(fixture.restartClean().logStartOffset()).isEqualTo(50);
        assertThat(fixture.restartAfterCrash().logStartOffset()).isEqualTo(50);
    }

    @Test
    void deleteRecordsUpToTheEndKeepsTheActiveSegmentAndAppendsContinue() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 3, 3);
        long end = log.logEndOffset();

        log.deleteRecordsBefore(end);

        assertThat(log.read(end, 100, true).records().isEmpty()).isTrue();
        assertThat(log.appendAsLeader(TestRecords.batch(2), 0).firstOffset()).isEqualTo(end);
        assertThat(TestRecords.batches(log.read(end, 100, true).records())).hasSize(1);
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
