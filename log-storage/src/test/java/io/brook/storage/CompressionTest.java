package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(
            value = CompressionType.class,
            names = {"GZIP", "LZ4", "ZSTD", "SNAPPY"})
    void compressedBatchesAreStoredAsSentWithOffsetsAssigned(CompressionType type) {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();
        log.appendAsLeader(TestRecords.batch(3), 0);
        MemoryRecords records = TestRecords.compressed(Compression.of(type).build(), 20);
        byte[] sent = TestRecords.bytes(records).clone();

        AppendResult result = log.appendAsLeader(records, 7);

        assertThat(result.firstOffset()).isEqualTo(3);
        assertThat(result.lastOffset()).isEqualTo(22);
        byte[] stored = TestRecords.bytes(log.read(3, 100_000, false).records());
        assertThat(stored).hasSameSizeAs(sent);
        // Only the base offset (bytes 0..7) and the leader epoch (bytes 12..15) are rewritten in place.
        for (int i = 0; i < sent.length; i++) {
            if (i >= 8 && (i < 12 || i >= 16)) {
                assertThat(stored[i]).as("byte %d", i).isEqualTo(sent[i]);
            }
        }
        MutableRecordBatch batch =
                TestRecords.batches(log.read(3, 100_000, false).records()).get(0);
        assertThat(batch.compressionType()).isEqualTo(type);
        assertThat(batch.isValid()).isTrue();
        List<Long> offsets = new ArrayList<>();
        for (Record record : batch) {
            offsets.add(record.offset());
        }
        assertThat(offsets).hasSize(20).startsWith(3L).endsWith(22L);
    }
}
