package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.OffsetOutOfRangeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

class PartitionLogAppendReadTest extends OpenedLogTest {

    @Test
    void appendAssignsOffsetsAndReadReturnsTheStoredBytesUnchanged() throws IOException {
        PartitionLog log = open(TestLogConfig.config());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long next = 0;
        for (int i = 1; i <= 4; i++) {
            MemoryRecords records = TestRecords.batch(1_000L * i, i);
            AppendResult result = log.appendAsLeader(records, 3);
            assertThat(result.firstOffset()).isEqualTo(next);
            assertThat(result.lastOffset()).isEqualTo(next + i - 1);
            assertThat(result.recordCount()).isEqualTo(i);
            assertThat(result.sizeInBytes()).isEqualTo(records.sizeInBytes());
            assertThat(result.duplicate()).isFalse();
            expected.write(TestRecords.bytes(records));
            next += i;
        }

        LogReadResult read = log.read(0, Integer.MAX_VALUE, false);

        assertThat(TestRecords.bytes(read.records())).isEqualTo(expected.toByteArray());
        assertThat(read.logEndOffset()).isEqualTo(10).isEqualTo(read.highWatermark());
        List<MutableRecordBatch> batches = TestRecords.batches(read.records());
        assertThat(batches).extracting(MutableRecordBatch::baseOffset).containsExactly(0L, 1L, 3L, 6L);
        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.isValid()).isTrue();
            assertThat(batch.partitionLeaderEpoch()).isEqualTo(3);
        });
        assertThat(log.sizeInBytes()).isEqualTo(expected.size());
    }

    @Test
    void smallSegmentsRollAndEveryOffsetIsReadableAcrossThem() throws IOException {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(2_000).indexIntervalBytes(300));
        List<byte[]> stored = fixture.appendBatches(log, 80, 4);

        assertThat(segmentFiles()).hasSizeGreaterThan(5);
        long offset = 0;
        for (byte[] batchBytes : stored) {
            MutableRecordBatch batch = readOneBatch(log, offset);
            for (long o = batch.baseOffset(); o <= batch.lastOffset(); o++) {
                MutableRecordBatch containing = readOneBatch(log, o);
                assertThat(containing.baseOffset()).isEqualTo(batch.baseOffset());
            }
            assertThat(batch.sizeInBytes()).isEqualTo(batchBytes.length);
            offset = batch.lastOffset() + 1;
        }
        assertThat(offset).isEqualTo(log.logEndOffset());
    }

    @Test
    void readFromOneSegmentStopsAtItsEndAndContinuesInTheNext() {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_000));
        fixture.appendBatches(log, 30, 3);
        long offset = 0;
        int batches = 0;
        while (offset < log.logEndOffset()) {
            List<MutableRecordBatch> read =
                    TestRecords.batches(log.read(offset, 100_000, false).records());
            assertThat(read).isNotEmpty();
            assertThat(read.get(0).baseOffset()).isLessThanOrEqualTo(offset);
            batches += read.size();
            offset = read.get(read.size() - 1).lastOffset() + 1;
        }
        assertThat(batches).isEqualTo(30);
    }

    @Test
    void maxBytesCutsAtWholeBatchesAndMinOneBatchReturnsAnOversizedFirstBatch() {
        PartitionLog log = open(TestLogConfig.config().indexIntervalBytes(100));
        fixture.appendBatches(log, 20, 5);
        int first = readOneBatch(log, 0).sizeInBytes();

        assertThat(log.read(0, first - 1, true).records().size()).isEqualTo(first);
        assertThat(log.read(0, first - 1, false).records().isEmpty()).isTrue();

        List<MutableRecordBatch> all =
                TestRecords.batches(log.read(0, Integer.MAX_VALUE, false).records());
        int three =
                all.get(0).sizeInBytes() + all.get(1).sizeInBytes() + all.get(2).sizeInBytes();
        for (int maxBytes : new int[] {three, three + all.get(3).sizeInBytes() - 1}) {
            FileSlice slice = log.read(0, maxBytes, false).records();
            assertThat(slice.size()).isEqualTo(three);
            assertThat(TestRecords.batches(slice)).hasSize(3);
        }
        int fifteen = 0;
        for (int i = 0; i < 15; i++) {
            fifteen += all.get(i).sizeInBytes();
        }
        assertThat(log.read(0, fifteen + 1, false).records().size()).isEqualTo(fifteen);
    }

    @Test
    void readAtTheEndIsEmptyAndOutsideTheLogIsOutOfRange() {
        PartitionLog log = open(TestLogConfig.config());
        fixture.appendBatches(log, 3, 2);
        long end = log.logEndOffset();

        LogReadResult atEnd = log.read(end, 1000, true);
        assertThat(atEnd.records().isEmpty()).isTrue();
        assertThat(atEnd.logEndOffset()).isEqualTo(end);
        assertThatThrownBy(() -> log.read(end + 1, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 1000, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void emptyLogReadsEmptyAtOffsetZero() {
        PartitionLog log = open(TestLogConfig.config());
        assertThat(log.read(0, 100, true).records().isEmpty()).isTrue();
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void segmentRollsWhenOlderThanSegmentMs() throws IOException {
        PartitionLog log = open(TestLogConfig.config().segmentMs(1_000));
        log.appendAsLeader(TestRecords.batch(2), 0);
        fixture.clock.advance(999);
        log.appendAsLeader(TestRecords.batch(2), 0);
        assertThat(segmentFiles()).hasSize(1);

        fixture.clock.advance(1);
        log.appendAsLeader(TestRecords.batch(2), 0);

        assertThat(segmentFiles()).hasSize(2);
        assertThat(Files.exists(LogFileNames.logFile(log.dir(), 4))).isTrue();
    }

    @Test
    void segmentRollsWhenItsIndexIsFull() throws IOException {
        PartitionLog log = open(TestLogConfig.config().indexIntervalBytes(1).segmentIndexBytes(4 * 8));
        fixture.appendBatches(log, 20, 1);

        assertThat(segmentFiles().size()).isGreaterThan(2);
        for (long offset = 0; offset < log.logEndOffset(); offset++) {
            assertThat(readOneBatch(log, offset).lastOffset()).isGreaterThanOrEqualTo(offset);
        }
    }

    @Test
    void rolledSegmentsHaveTrimmedIndexes() throws IOException {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(3_000).indexIntervalBytes(200));
        fixture.appendBatches(log, 40, 3);

        List<Path> indexes = files(LogFileNames.INDEX_SUFFIX);
        Path activeIndex = indexes.get(indexes.size() - 1);
        for (Path index : indexes) {
            long size = Files.size(index);
            if (index.equals(activeIndex)) {
                assertThat(size).isEqualTo(64 * 1024);
            } else {
                assertThat(size).isPositive().isLessThan(3_000 / 200 * 8 + 8);
            }
        }
    }

    private MutableRecordBatch readOneBatch(PartitionLog log, long offset) {
        List<MutableRecordBatch> batches =
                TestRecords.batches(log.read(offset, 1, true).records());
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).lastOffset()).isGreaterThanOrEqualTo(offset);
        return batches.get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        return files(LogFileNames.LOG_SUFFIX);
    }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(fixture.log().dir())) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
