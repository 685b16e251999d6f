package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogRecoveryTest {

    /** Bytes 12..15 of a v2 batch hold the partition leader epoch, which the format leaves outside the CRC. */
    private static final int LEADER_EPOCH_FIELD = 12;

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    /** Where one stored batch lives. */
    private record StoredBatch(long baseOffset, long segmentBase, long position, int size, byte[] bytes) {}

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void crashThenCorruptTailTruncatesBeforeTheFirstBadBatch(long seed) throws IOException {
        Random random = new Random(seed);
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config()
                        .segmentBytes(4_000)
                        .indexIntervalBytes(256)
                        .build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 60, 3);
        List<StoredBatch> stored = layout(log);
        Path dir = log.dir();
        List<Long> segmentBases =
                stored.stream().map(StoredBatch::segmentBase).distinct().toList();
        fixture.crash();

        long tailStart = segmentBases.get(segmentBases.size() - 2);
        List<StoredBatch> tail =
                stored.stream().filter(b -> b.segmentBase() >= tailStart).toList();
        StoredBatch victim = tail.get(random.nextInt(tail.size()));
        boolean torn = random.nextBoolean();
        if (torn) {
            tearFile(
                    LogFileNames.logFile(dir, victim.segmentBase()),
                    victim.position() + 1 + random.nextInt(victim.size() - 1));
        } else {
            corruptBatch(LogFileNames.logFile(dir, victim.segmentBase()), victim, random);
        }

        PartitionLog recovered = fixture.reopen();

        String context = "seed " + seed + (torn ? " torn" : " corrupt") + " at batch " + victim.baseOffset();
        assertThat(recovered.logEndOffset()).as(context).isEqualTo(victim.baseOffset());
        assertThat(Files.size(LogFileNames.logFile(dir, victim.segmentBase())))
                .as(context)
                .isEqualTo(victim.position());
        for (StoredBatch batch : stored) {
            if (batch.baseOffset() < victim.baseOffset()) {
                byte[] read = TestRecords.bytes(
                        recovered.read(batch.baseOffset(), 1, true).records());
                assertThat(read).as(context).isEqualTo(batch.bytes());
            }
        }
        AppendResult next = recovered.appendAsLeader(TestRecords.batch(4), 1);
        assertThat(next.firstOffset()).as(context).isEqualTo(victim.baseOffset());
        assertThat(TestRecords.batches(
                                recovered.read(next.firstOffset(), 1, true).records())
                        .get(0)
                        .lastOffset())
                .as(context)
                .isEqualTo(next.lastOffset());
    }

    @Test
    void cleanShutdownSkipsRecovery() throws IOException {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 5, 2);
        List<StoredBatch> stored = layout(log);
        long endOffset = log.logEndOffset();
        fixture.manager.close();
        Path marker = dataDir.resolve(LogFileNames.CLEAN_SHUTDOWN_MARKER);
        assertThat(marker).exists();
        // Damage the last batch behind the engine's back: only a recovery would notice it.
        StoredBatch last = stored.get(stored.size() - 1);
        corruptByte(LogFileNames.logFile(log.dir(), 0), last.position() + last.size() - 1);

        PartitionLog reopened = fixture.reopen();

        assertThat(marker).doesNotExist();
        assertThat(reopened.logEndOffset()).isEqualTo(endOffset);
    }

    @Test
    void crashRecoveryStartsFromTheCheckpointedRecoveryPoint() throws Exception {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().segmentBytes(2_000).build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 30, 3);
        log.flushUpTo(log.logEndOffset()).get();
        fixture.manager.checkpointRecoveryPoints();
        long flushed = log.logEndOffset();
        assertThat(new CheckpointFile(log.dir().resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT)).readOffset())
                .hasValue(flushed);
        fixture.appendBatches(log, 10, 3);
        List<StoredBatch> stored = layout(log);
        fixture.crash();
        StoredBatch victim = stored.stream()
                .filter(b -> b.baseOffset() >= flushed)
                .findFirst()
                .orElseThrow();
        corruptByte(LogFileNames.logFile(log.dir(), victim.segmentBase()), victim.position() + 30);

        PartitionLog recovered = fixture.reopen();

        assertThat(recovered.logEndOffset()).isEqualTo(victim.baseOffset());
    }

    @Test
    void crashWithAnIntactTailKeepsEverything() throws IOException {
        fixture = new LogFixture(
                dataDir, TestLogConfig.config().segmentBytes(3_000).build());
        PartitionLog log = fixture.log();
        fixture.appendBatches(log, 40, 2);
        long endOffset = log.logEndOffset();
        long size = log.sizeInBytes();

        PartitionLog recovered = fixture.restartAfterCrash();

        assertThat(recovered.logEndOffset()).isEqualTo(endOffset);
        assertThat(recovered.sizeInBytes()).isEqualTo(size);
        assertThat(recovered.appendAsLeader(TestRecords.batch(1), 0).firstOffset())
                .isEqualTo(endOffset);
    }

    private static List<StoredBatch> layout(PartitionLog log) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (var files = Files.list(log.dir())) {
            files.forEach(f -> LogFileNames.offsetOf(f, LogFileNames.LOG_SUFFIX).ifPresent(bases::add));
        }
        bases.sort(Long::compare);
        List<StoredBatch> stored = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            FileSlice slice = log.read(offset, 1, true).records();
            var batch = TestRecords.batches(slice).get(0);
            long segmentBase = 0;
            for (long base : bases) {
                if (base <= batch.baseOffset()) {
                    segmentBase = base;
                }
            }
            stored.add(new StoredBatch(
                    batch.baseOffset(), segmentBase, slice.position(), slice.size(), TestRecords.bytes(slice)));
            offset = batch.lastOffset() + 1;
        }
        return stored;
    }

    private static void corruptBatch(Path file, StoredBatch victim, Random random) throws IOException {
        int at;
        do {
            at = random.nextInt(victim.size());
        } while (at >= LEADER_EPOCH_FIELD && at < LEADER_EPOCH_FIELD + 4);
        corruptByte(file, victim.position() + at);
        // More damage further on must not matter: everything from the first bad batch goes.
        long fileSize = Files.size(file);
        for (int i = 0; i < 3; i++) {
            long later = victim.position()
                    + victim.size()
                    + (long) (random.nextDouble() * (fileSize - victim.position() - victim.size()));
            if (later < fileSize) {
                corruptByte(file, later);
            }
        }
    }

    private static void corruptByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x5A);
        }
    }

    private static void tearFile(Path file, long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }
}
