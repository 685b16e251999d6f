package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.OffsetOutOfRangeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads bounded by a maximum offset: the high watermark for consumers, the log end offset for followers. */
class BoundedReadTest {

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Batches [0-1] [2-4] [5] [6-9] in one segment. */
    private PartitionLog fourBatches() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();
        for (int count : new int[] {2, 3, 1, 4}) {
            log.appendAsLeader(TestRecords.batch(count), 0);
        }
        return log;
    }

    @ParameterizedTest(name = "read from {0} below {1}: up to {2}")
    @CsvSource({
        "0, 0, 0",
        "0, 1, 0",
        "0, 2, 2",
        "0, 4, 2",
        "0, 5, 5",
        "0, 6, 6",
        "0, 9, 6",
        "0, 10, 10",
        "0, 9223372036854775807, 10",
        "3, 5, 5",
        "3, 4, 3",
        "5, 6, 6",
        "7, 5, 7",
        "10, 10, 10",
    })
    void onlyBatchesWholeBelowTheMaxOffsetAreRead(long fetchOffset, long maxOffset, long nextOffset) {
        PartitionLog log = fourBatches();

        LogReadResult read = log.read(fetchOffset, Integer.MAX_VALUE, true, maxOffset);

        assertThat(read.nextOffset()).isEqualTo(nextOffset);
        List<MutableRecordBatch> batches = TestRecords.batches(read.records());
        assertThat(batches).allSatisfy(batch -> assertThat(batch.lastOffset()).isLessThan(maxOffset));
        if (!batches.isEmpty()) {
            assertThat(batches.get(0).baseOffset()).isLessThanOrEqualTo(fetchOffset);
            assertThat(batches.get(batches.size() - 1).lastOffset()).isEqualTo(nextOffset - 1);
        }
        assertThat(read.logEndOffset()).isEqualTo(10);
    }

    @Test
    void theBoundDoesNotWidenTheFetchRange() {
        PartitionLog log = fourBatches();

        assertThatThrownBy(() -> log.read(11, 100, true, 5)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void everyFetchOffsetAndBoundAgreesWithTheBatchesAcrossSegmentsAndIndexSkips() {
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config()
                        .segmentBytes(1_200)
                        .indexIntervalBytes(150)
                        .build());
        PartitionLog log = fixture.log();
        Random random = new Random(7);
        List<long[]> batches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AppendResult result = log.appendAsLeader(TestRecords.batch(1 + random.nextInt(4)), 0);
            batches.add(new long[] {result.firstOffset(), result.lastOffset()});
        }
        List<LogSegment> segments = log.segmentsSnapshot();
        long end = log.logEndOffset();

        for (long fetchOffset = 0; fetchOffset <= end; fetchOffset++) {
            for (long maxOffset = 0; maxOffset <= end + 1; maxOffset++) {
                long next = log.read(fetchOffset, Integer.MAX_VALUE, false, maxOffset)
                        .nextOffset();
                assertThat(next)
                        .as("fetch %d below %d", fetchOffset, maxOffset)
                        .isEqualTo(expectedNext(batches, segments, fetchOffset, maxOffset));
            }
        }
    }

    /** The oracle: from the batch holding the fetch offset, the batches of its segment whose last offset is below. */
    private static long expectedNext(
            List<long[]> batches, List<LogSegment> segments, long fetchOffset, long maxOffset) {
        long segmentEnd = Long.MAX_VALUE;
        for (LogSegment segment : segments) {
            if (segment.baseOffset() > fetchOffset) {
                segmentEnd = segment.baseOffset();
                break;
            }
        }
        long next = fetchOffset;
        for (long[] batch : batches) {
            if (batch[1] < fetchOffset) {
                continue;
            }
            if (batch[1] >= maxOffset || batch[0] >= segmentEnd) {
                break;
            }
            next = batch[1] + 1;
        }
        return next;
    }
}
