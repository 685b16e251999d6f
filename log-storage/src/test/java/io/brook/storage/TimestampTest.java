package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampTest {

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void logAppendTimeStampsTheBrokerClockAndKeepsTheCrcValid() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().logAppendTime().build());
        PartitionLog log = fixture.log();
        long now = fixture.clock.millis();

        AppendResult result = log.appendAsLeader(TestRecords.batch(5L, 3), 0);

        assertThat(result.logAppendTimeMs()).isEqualTo(now);
        MutableRecordBatch stored =
                TestRecords.batches(log.read(0, 1000, true).records()).get(0);
        assertThat(stored.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(stored.maxTimestamp()).isEqualTo(now);
        assertThat(stored.isValid()).isTrue();
        for (Record record : stored) {
            assertThat(record.timestamp()).isEqualTo(now);
        }
        assertThat(log.offsetForTimestamp(now)).contains(new TimestampOffset(now, 0));
    }

    @Test
    void createTimeKeepsProducerTimestamps() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        AppendResult result = fixture.log().appendAsLeader(TestRecords.batchWithTimestamps(10, 30, 20), 0);
        assertThat(result.logAppendTimeMs()).isEqualTo(-1);
        assertThat(fixture.log().maxTimestampOffset()).contains(new TimestampOffset(30, 1));
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 99, 31337})
    void offsetForTimestampMatchesALinearScan(long seed) {
        Random random = new Random(seed);
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config()
                        .segmentBytes(3_000)
                        .indexIntervalBytes(200)
                        .build());
        PartitionLog log = fixture.log();
        List<TimestampOffset> records = new ArrayList<>();
        long base = 1_000_000;
        for (int b = 0; b < 80; b++) {
            long[] timestamps = new long[1 + random.nextInt(4)];
            for (int i = 0; i < timestamps.length; i++) {
                // Mostly rising, sometimes out of order, as producer clocks are.
                timestamps[i] = base + b * 100L + random.nextInt(300) - 100;
            }
            AppendResult result = log.appendAsLeader(TestRecords.batchWithTimestamps(timestamps), 0);
            for (int i = 0; i < timestamps.length; i++) {
                records.add(new TimestampOffset(timestamps[i], result.firstOffset() + i));
            }
        }

        for (int probe = 0; probe < 300; probe++) {
            long target = base - 500 + random.nextInt(9_000);
            Optional<TimestampOffset> expected =
                    records.stream().filter(r -> r.timestamp() >= target).findFirst();
            assertThat(log.offsetForTimestamp(target))
                    .as("seed %d target %d", seed, target)
                    .isEqualTo(expected);
        }
        TimestampOffset max = records.stream()
                .reduce((a, b) -> b.timestamp() > a.timestamp() ? b : a)
                .orElseThrow();
        assertThat(log.maxTimestampOffset()).as("seed %d", seed).contains(max);
    }

    @Test
    void timestampsSurviveARestart() {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().segmentBytes(1_000).build());
        PartitionLog log = fixture.log();
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(TestRecords.batchWithTimestamps(1_000 + i * 10L, 1_005 + i * 10L), 0);
        }

        assertTimestamps(fixture.restartClean());
        assertTimestamps(fixture.restartAfterCrash());
    }

    private static void assertTimestamps(PartitionLog log) {
        assertThat(log.offsetForTimestamp(1_101)).contains(new TimestampOffset(1_105, 21));
        assertThat(log.maxTimestampOffset()).contains(new TimestampOffset(1_295, 59));
        assertThat(log.offsetForTimestamp(1_296)).isEmpty();
    }

    @Test
    void emptyLogHasNoTimestamps() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        assertThat(fixture.log().offsetForTimestamp(0)).isEmpty();
        assertThat(fixture.log().maxTimestampOffset()).isEmpty();
        MemoryRecords noTimestamps = TestRecords.batch(2);
        fixture.log().appendAsLeader(noTimestamps, 0);
        assertThat(fixture.log().maxTimestampOffset()).isEmpty();
    }
}
