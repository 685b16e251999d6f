package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.OffsetOutOfRangeException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HighWatermarkTest extends OpenedLogTest {

    private static final long HOUR = 3_600_000L;

    /** Five batches of two records: offsets 0 to 9. */
    private static void appendFiveBatches(PartitionLog log) {
        for (int i = 0; i < 5; i++) {
            log.appendAsLeader(TestRecords.batch(2), 1);
        }
    }

    @Test
    void anUnreplicatedLogKeepsItAtTheLogEnd() {
        PartitionLog log = open(TestLogConfig.config());
        appendFiveBatches(log);
        log.updateHighWatermark(4);

        assertThat(log.highWatermark()).isEqualTo(10);
        assertThat(log.read(0, 100, true).highWatermark()).isEqualTo(10);
        log.truncateTo(6);
        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(fixture.restartAfterCrash().highWatermark()).isEqualTo(6);
    }

    @Test
    void aReplicatedLogMovesItOnlyWhenToldAndWithinTheLog() {
        PartitionLog log = open(TestLogConfig.config());
        log.enableReplicatedHighWatermark();
        appendFiveBatches(log);
        log.appendAsFollower(TestRecords.fetched(10, 2, 1_000, 2));

        assertThat(log.highWatermark()).isZero();
        log.updateHighWatermark(4);
        assertThat(log.highWatermark()).isEqualTo(4);
        log.updateHighWatermark(2);
        assertThat(log.highWatermark()).as("never backwards").isEqualTo(4);
        log.updateHighWatermark(100);
        assertThat(log.highWatermark()).as("clamped to the log end").isEqualTo(12);
        LogReadResult read = log.read(0, 100, true, log.highWatermark());
        assertThat(read.highWatermark()).isEqualTo(12);
        assertThat(read.logEndOffset()).isEqualTo(12);
    }

    @Test
    void itStaysAtOrAboveTheLogStartOffset() {
        PartitionLog log = open(TestLogConfig.config());
        log.enableReplicatedHighWatermark();
        appendFiveBatches(log);
        log.updateHighWatermark(6);
        log.deleteRecordsBefore(5);

        log.updateHighWatermark(3);

        assertThat(log.highWatermark()).isEqualTo(6);
        log.truncateFullyAndStartAt(40);
        assertThat(log.highWatermark()).isEqualTo(40);
        log.updateHighWatermark(0);
        assertThat(log.highWatermark()).isEqualTo(40);
    }

    @Test
    void itIsCheckpointedAndRestoredAcrossACleanRestart() {
        PartitionLog log = open(TestLogConfig.config());
        log.enableReplicatedHighWatermark();
        appendFiveBatches(log);
        log.updateHighWatermark(6);

        PartitionLog reopened = fixture.restartClean();
        reopened.enableReplicatedHighWatermark();

        assertThat(checkpoint(reopened)).hasValue(6);
        assertThat(reopened.highWatermark()).isEqualTo(6);
        assertThat(reopened.logEndOffset()).isEqualTo(10);
    }

    @Test
    void afterACrashItIsTheLastCheckpointClampedToTheRecoveredLog() throws IOException {
        PartitionLog log = open(TestLogConfig.config());
        log.enableReplicatedHighWatermark();
        appendFiveBatches(log);
        log.updateHighWatermark(10);
        fixture.manager.checkpointRecoveryPoints();
        FileSlice fourth = log.read(6, 1, true).records();
        fixture.crash();
        // The last two batches never reached the disk.
        try (RandomAccessFile file =
                new RandomAccessFile(LogFileNames.logFile(log.dir(), 0).toFile(), "rw")) {
            file.setLength(fourth.position());
        }

        PartitionLog recovered = fixture.reopen();
        recovered.enableReplicatedHighWatermark();

        assertThat(recovered.logEndOffset()).isEqualTo(6);
        assertThat(recovered.highWatermark()).isEqualTo(6);
    }

    @Test
    void truncationLowersItAndItsCheckpoint() {
        PartitionLog log = open(TestLogConfig.config());
        log.enableReplicatedHighWatermark();
        appendFiveBatches(log);
        log.updateHighWatermark(8);
        fixture.manager.checkpointRecoveryPoints();
        assertThat(checkpoint(log)).hasValue(8);

        log.truncateTo(6);

        assertThat(log.highWatermark()).isEqualTo(6);
        assertThat(checkpoint(log)).hasValue(6);
        log.truncateTo(6);
        log.appendAsFollower(TestRecords.fetched(6, 3, 1_000, 4));
        assertThat(log.highWatermark()).isEqualTo(6);
    }

    @Test
    void deleteRecordsStopsAtIt() {
        PartitionLog log = open(TestLogConfig.config());
        log.enableReplicatedHighWatermark();
        appendFiveBatches(log);
        log.updateHighWatermark(4);

        assertThatThrownBy(() -> log.deleteRecordsBefore(5)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.deleteRecordsBefore(4)).isEqualTo(4);
    }

    @Test
    void retentionKeepsTheSegmentsFollowersMayStillFetch() {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(500).retentionMs(HOUR));
        log.enableReplicatedHighWatermark();
        fixture.appendBatches(log, 20, 2);
        long secondSegment = log.segmentsSnapshot().get(1).baseOffset();
        long fourthSegment = log.segmentsSnapshot().get(3).baseOffset();
        log.updateHighWatermark(fourthSegment - 1);
        fixture.clock.advance(2 * HOUR);

        fixture.manager.runRetention();

        assertThat(log.logStartOffset()).isLessThanOrEqualTo(log.highWatermark());
        assertThat(log.segmentsSnapshot().get(0).baseOffset()).isGreaterThanOrEqualTo(secondSegment);
        assertThat(log.segmentsSnapshot().get(0).baseOffset()).isLessThan(fourthSegment);
        long end = log.logEndOffset();
        log.updateHighWatermark(end);
        fixture.manager.runRetention();
        assertThat(log.logStartOffset()).isEqualTo(end);
    }

    private static OptionalLong checkpoint(PartitionLog log) {
        try {
            return new CheckpointFile(log.dir().resolve(LogFileNames.HIGH_WATERMARK_CHECKPOINT)).readOffset();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
