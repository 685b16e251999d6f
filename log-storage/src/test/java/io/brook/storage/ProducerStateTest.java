package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.InvalidProducerEpochException;
import io.brook.storage.errors.OutOfOrderSequenceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerStateTest {

    private static final long PRODUCER = 4242L;
    private static final short EPOCH = 3;

    @TempDir
    Path dataDir;

    private LogFixture fixture;
    private PartitionLog log;

    @BeforeEach
    void setUp() {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().segmentBytes(1_500).build());
        log = fixture.log();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void retryOfTheLastBatchIsADuplicateWithTheOriginalOffsets() {
        log.appendAsLeader(TestRecords.batch(2), 0);
        AppendResult first = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 0, 3), 0);
        long endBefore = log.logEndOffset();
        long sizeBefore = log.sizeInBytes();

        AppendResult retry = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 0, 3), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(first.firstOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(first.lastOffset()).isEqualTo(4);
        assertThat(retry.sizeInBytes()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(endBefore);
        assertThat(log.sizeInBytes()).isEqualTo(sizeBefore);
    }

    @Test
    void anyOfTheLastFiveBatchesIsRecognisedButOlderOnesAreOutOfOrder() {
        List<AppendResult> results = appendSequence(7, 2);

        for (int i = 2; i < 7; i++) {
            AppendResult retry = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, i * 2, 2), 0);
            assertThat(retry.duplicate()).as("batch %d", i).isTrue();
            assertThat(retry.firstOffset()).isEqualTo(results.get(i).firstOffset());
        }
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 2, 2), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void sequenceGapIsOutOfOrder() {
        appendSequence(2, 3);
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 7, 1), 0))
                .isInstanceOf(OutOfOrderSequenceException.class)
                .hasMessageContaining("7");
        assertThat(log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 6, 1), 0)
                        .duplicate())
                .isFalse();
    }

    @Test
    void olderEpochIsFencedAndNewEpochMustStartAtZero() {
        appendSequence(1, 1);
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, (short) (EPOCH - 1), 1, 1), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, (short) (EPOCH + 1), 5, 1), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);

        AppendResult bumped = log.appendAsLeader(TestRecords.idempotent(PRODUCER, (short) (EPOCH + 1), 0, 1), 0);

        assertThat(bumped.duplicate()).isFalse();
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 1, 1), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void producersAreIndependent() {
        appendSequence(2, 1);
        AppendResult other = log.appendAsLeader(TestRecords.idempotent(PRODUCER + 1, (short) 0, 0, 1), 0);
        assertThat(other.duplicate()).isFalse();
    }

    @Test
    void duplicateIsDetectedAfterACleanRestart() {
        List<AppendResult> results = appendSequence(12, 2);
        log = fixture.restartClean();

        AppendResult retry = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 22, 2), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(results.get(11).firstOffset());
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 30, 2), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void duplicateIsDetectedAfterACrashByReplayingTheLog() {
        List<AppendResult> results = appendSequence(12, 2);
        log = fixture.restartAfterCrash();

        AppendResult retry = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 20, 2), 0);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(results.get(10).firstOffset());
        assertThat(log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 24, 2), 0)
                        .firstOffset())
                .isEqualTo(results.get(11).lastOffset() + 1);
    }

    private List<AppendResult> appendSequence(int batches, int recordsPerBatch) {
        List<AppendResult> results = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            results.add(log.appendAsLeader(
                    TestRecords.idempotent(PRODUCER, EPOCH, i * recordsPerBatch, recordsPerBatch), 0));
        }
        return results;
    }
}
