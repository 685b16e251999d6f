package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogReadResult#nextOffset()} against an oracle: the last offset of the batches actually returned. */
class ReadNextOffsetTest {

    @Test
    void nextOffsetFollowsTheLastReturnedBatchForEveryFetchOffsetAndLimit(@TempDir Path dir) {
        long seed = System.nanoTime();
        var random = new Random(seed);
        try (var fixture = new LogFixture(dir, TestLogConfig.config().build())) {
            PartitionLog log = fixture.log();
            for (int i = 0; i < 300; i++) {
                log.appendAsLeader(TestRecords.batch(1 + random.nextInt(20)), 0);
            }
            for (int probe = 0; probe < 500; probe++) {
                long fetchOffset = random.nextLong(log.logEndOffset() + 1);
                int maxBytes = random.nextInt(64 * 1024);
                boolean minOne = random.nextBoolean();
                LogReadResult result = log.read(fetchOffset, maxBytes, minOne);

                List<MutableRecordBatch> batches = TestRecords.batches(result.records());
                long expected = batches.isEmpty()
                        ? fetchOffset
                        : batches.get(batches.size() - 1).lastOffset() + 1;
                assertThat(result.nextOffset())
                        .as("seed %d, fetch offset %d, max bytes %d, min one %s", seed, fetchOffset, maxBytes, minOne)
                        .isEqualTo(expected);
            }
        }
    }
}
