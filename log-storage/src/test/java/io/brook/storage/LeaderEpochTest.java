package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaderEpochTest {

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void endOffsetOfAnEpochIsTheStartOfTheNextOneOrTheLogEnd() {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().segmentBytes(1_000).build());
        PartitionLog log = appendInEpochs(fixture.log());

        assertEndOffsets(log);
        assertEndOffsets(fixture.restartClean());
        assertEndOffsets(fixture.restartAfterCrash());
    }

    @Test
    void checkpointIsRebuiltFromBatchesWhenItIsLost() throws Exception {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = appendInEpochs(fixture.log());
        fixture.crash();
        java.nio.file.Files.delete(log.dir().resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT));
        java.nio.file.Files.deleteIfExists(log.dir().resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT));

        assertEndOffsets(fixture.reopen());
    }

    @Test
    void epochsCutByRecoveryAndBeforeTheLogStartAreForgotten() throws Exception {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = appendInEpochs(fixture.log());

        log.deleteRecordsBefore(8);

        LeaderEpochCache cache =
                LeaderEpochCache.load(new CheckpointFile(log.dir().resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT)));
        assertThat(cache.entries()).isEqualTo(Map.of(2, 8L, 5, 10L));
        cache.truncateFromEnd(10);
        assertThat(cache.entries()).isEqualTo(Map.of(2, 8L));
    }

    @ParameterizedTest(name = "epoch {0} -> ({1}, {2})")
    @CsvSource({
        "-1, -1, -1",
        "0, 0, 6",
        "1, 0, 6",
        "2, 2, 10",
        "4, 2, 10",
        "5, 5, 14",
        "6, -1, -1",
        "2147483647, -1, -1",
    })
    void lastOffsetForLeaderEpochAnswersAsKafkaDoes(int requested, int epoch, long endOffset) {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = appendInEpochs(fixture.log());

        assertThat(log.lastOffsetForLeaderEpoch(requested)).isEqualTo(new EpochEndOffset(epoch, endOffset));
    }

    @ParameterizedTest(name = "epoch {0} -> ({1}, {2})")
    @CsvSource({"0, 0, 8", "1, 1, 8", "2, 2, 10", "5, 5, 14"})
    void anEpochOlderThanEveryKnownOneAnswersWithItselfAndTheFirstKnownStart(int requested, int epoch, long endOffset) {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = appendInEpochs(fixture.log());
        log.deleteRecordsBefore(8);

        assertThat(log.lastOffsetForLeaderEpoch(requested)).isEqualTo(new EpochEndOffset(epoch, endOffset));
    }

    @Test
    void aLogWithoutEpochsAnswersUndefined() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();
        log.appendAsLeader(TestRecords.batch(2), -1);

        assertThat(log.lastOffsetForLeaderEpoch(0)).isEqualTo(EpochEndOffset.UNDEFINED);
        assertThat(log.endOffsetForLeaderEpoch(0)).isEmpty();
        assertThat(log.latestLeaderEpoch()).isEmpty();
        log.appendAsLeader(TestRecords.batch(2), 4);
        assertThat(log.latestLeaderEpoch()).hasValue(4);
    }

    /** Epoch 0 at offsets 0..5, epoch 2 at 6..9, epoch 5 from 10 on. */
    private static PartitionLog appendInEpochs(PartitionLog log) {
        for (int epoch : List.of(0, 0, 0, 2, 2, 5, 5)) {
            log.appendAsLeader(TestRecords.batch(2), epoch);
        }
        return log;
    }

    private static void assertEndOffsets(PartitionLog log) {
        assertThat(log.endOffsetForLeaderEpoch(0)).hasValue(6);
        assertThat(log.endOffsetForLeaderEpoch(1)).hasValue(6);
        assertThat(log.endOffsetForLeaderEpoch(2)).hasValue(10);
        assertThat(log.endOffsetForLeaderEpoch(4)).hasValue(10);
        assertThat(log.endOffsetForLeaderEpoch(5)).hasValue(log.logEndOffset());
        assertThat(log.endOffsetForLeaderEpoch(6)).isEmpty();
    }
}
