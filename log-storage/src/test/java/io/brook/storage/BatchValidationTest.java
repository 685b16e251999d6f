package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.CorruptRecordException;
import io.brook.storage.errors.InvalidRecordException;
import io.brook.storage.errors.RecordBatchTooLargeException;
import io.brook.storage.errors.RecordTooLargeException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchValidationTest {

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static Stream<Arguments> invalidBatches() {
        return Stream.of(
                Arguments.of(
                        "magic 1",
                        (Supplier<MemoryRecords>) () -> MemoryRecords.withRecords(
                                RecordBatch.MAGIC_VALUE_V1, Compression.NONE, new SimpleRecord("v".getBytes())),
                        InvalidRecordException.class),
                Arguments.of(
                        "two batches",
                        (Supplier<MemoryRecords>) () -> concat(TestRecords.batch(2), TestRecords.batch(3)),
                        InvalidRecordException.class),
                Arguments.of(
                        "truncated",
                        (Supplier<MemoryRecords>) () -> cut(TestRecords.batch(3), 1),
                        CorruptRecordException.class),
                Arguments.of(
                        "trailing garbage",
                        (Supplier<MemoryRecords>) () ->
                                concat(TestRecords.batch(2), MemoryRecords.readableRecords(ByteBuffer.allocate(3))),
                        CorruptRecordException.class),
                Arguments.of(
                        "bad crc",
                        (Supplier<MemoryRecords>) () -> flipLastByte(TestRecords.batch(3)),
                        CorruptRecordException.class),
                Arguments.of(
                        "header only",
                        (Supplier<MemoryRecords>) () -> cut(TestRecords.batch(3), 200),
                        CorruptRecordException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBatches")
    void rejectsMalformedBatchesWithoutWriting(
            String name, Supplier<MemoryRecords> records, Class<? extends Throwable> error) {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();

        assertThatThrownBy(() -> log.appendAsLeader(records.get(), 0)).isInstanceOf(error);
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @Test
    void rejectsBatchLargerThanMaxMessageBytes() {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().maxMessageBytes(100).build());
        assertThatThrownBy(() -> fixture.log().appendAsLeader(TestRecords.batch(10), 0))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("100");
    }

    @Test
    void rejectsBatchLargerThanASegment() {
        fixture =
                new LogFixture(dataDir, TestLogConfig.config().segmentBytes(100).build());
        assertThatThrownBy(() -> fixture.log().appendAsLeader(TestRecords.batch(10), 0))
                .isInstanceOf(RecordBatchTooLargeException.class);
    }

    @Test
    void acceptsABatchSlicedFromALargerBuffer() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        byte[] batch = TestRecords.bytes(TestRecords.batch(3));
        ByteBuffer buffer = ByteBuffer.allocate(batch.length + 10);
        buffer.position(10);
        buffer.put(batch);
        buffer.position(10);

        AppendResult result = fixture.log().appendAsLeader(MemoryRecords.readableRecords(buffer), 0);

        assertThat(result.lastOffset()).isEqualTo(2);
        assertThat(TestRecords.batches(fixture.log().read(0, 10_000, false).records()))
                .hasSize(1);
    }

    @Test
    void compactedTopicsRejectRecordsWithoutKey() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().compact().build());
        MemoryRecords oneKeyless = MemoryRecords.withRecords(
                Compression.NONE,
                new SimpleRecord("k".getBytes(), "v".getBytes()),
                new SimpleRecord((byte[]) null, "v".getBytes()));

        assertThatThrownBy(() -> fixture.log().appendAsLeader(oneKeyless, 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("Compacted topic cannot accept message without key in topic partition orders-0");
        assertThat(fixture.log().logEndOffset()).isZero();
    }

    @Test
    void topicsThatAreNotCompactedAcceptRecordsWithoutKey() {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        MemoryRecords keyless =
                MemoryRecords.withRecords(Compression.NONE, new SimpleRecord((byte[]) null, "v".getBytes()));

        assertThat(fixture.log().appendAsLeader(keyless, 0).lastOffset()).isZero();
    }

    private static MemoryRecords concat(MemoryRecords first, MemoryRecords second) {
        ByteBuffer buffer = ByteBuffer.allocate(first.sizeInBytes() + second.sizeInBytes());
        buffer.put(TestRecords.bytes(first)).put(TestRecords.bytes(second)).flip();
        return MemoryRecords.readableRecords(buffer);
    }

    private static MemoryRecords cut(MemoryRecords records, int bytes) {
        byte[] all = TestRecords.bytes(records);
        int length = Math.max(20, all.length - bytes);
        return MemoryRecords.readableRecords(ByteBuffer.wrap(all, 0, length).slice());
    }

    private static MemoryRecords flipLastByte(MemoryRecords records) {
        byte[] all = TestRecords.bytes(records);
        all[all.length - 1] ^= 0x55;
        return MemoryRecords.readableRecords(ByteBuffer.wrap(all));
    }
}
