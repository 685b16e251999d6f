package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.KeyedRecords.Read;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogCleanerCrashTest {

    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dataDir;

    private LogFixture fixture;
    private PartitionLog log;
    private List<Read> written;

    /** Stands for the process dying at a step of a swap: nothing after the throw runs, nothing is cleaned up. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash(String message) {
            super(message, null, false, false);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new LogFixture(dataDir, compactedConfig().build());
        log = fixture.log();
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(KeyedRecords.batch(fixture.clock.millis(), "k" + i % 5, "v" + i), 0);
        }
        fixture.clock.advance(HOUR);
        log.appendAsLeader(KeyedRecords.batch(fixture.clock.millis(), "marker", "m"), 0);
        written = KeyedRecords.readAll(log);
    }

    private static TestLogConfig compactedConfig() {
        return TestLogConfig.config()
                .compact()
                .segmentBytes(700)
                .segmentMs(HOUR)
                .indexIntervalBytes(100);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(SegmentSwap.Step.class)
    void aCrashAtAnyStepOfASwapLeavesAReadableLogWithTheLatestValues(SegmentSwap.Step step) throws IOException {
        Path dir = log.dir();
        long end = log.logEndOffset();
        fixture.manager.cleanerObserver((reached, baseOffset) -> {
            if (reached == step) {
                throw new SimulatedCrash("crash at " + step + " of the swap at " + baseOffset);
            }
        });

        assertThatThrownBy(() -> fixture.manager.runCleaner()).isInstanceOf(SimulatedCrash.class);
        switch (step) {
            case CLEANED_WRITTEN ->
                assertThat(files(dir, LogFileNames.CLEANED_SUFFIX)).hasSize(3);
            case SWAP_COMMITTED, OLD_SEGMENTS_DELETED -> {
                assertThat(files(dir, LogFileNames.SWAP_SUFFIX)).hasSize(3);
                assertThat(dir.resolve(LogFileNames.CLEANER_SWAP_MANIFEST)).exists();
            }
        }
        fixture.crash();
        PartitionLog recovered = fixture.reopen();

        assertThat(files(dir, LogFileNames.CLEANED_SUFFIX)).isEmpty();
        assertThat(files(dir, LogFileNames.SWAP_SUFFIX)).isEmpty();
        assertThat(dir.resolve(LogFileNames.CLEANER_SWAP_MANIFEST)).doesNotExist();
        List<Read> read = KeyedRecords.readAll(recovered);
        assertThat(written).containsAll(read);
        assertThat(read).isSortedAccordingTo((a, b) -> Long.compare(a.offset(), b.offset()));
        assertThat(KeyedRecords.lastValues(read)).isEqualTo(KeyedRecords.lastValues(written));
        assertThat(read).containsAll(latestRecords());
        assertThat(recovered.logEndOffset()).isEqualTo(end);

        fixture.manager.runCleaner().orElseThrow();
        assertThat(KeyedRecords.readAll(recovered)).isEqualTo(latestRecords());
        assertThat(recovered
                        .appendAsLeader(KeyedRecords.batch(1, "k0", "next"), 0)
                        .firstOffset())
                .isEqualTo(end);
    }

    @Test
    void recoveryOfACleanedLogKeepsEveryRecordAcrossTheOffsetGaps() throws IOException {
        fixture.manager.runCleaner().orElseThrow();
        List<Read> cleaned = KeyedRecords.readAll(log);
        long size = log.sizeInBytes();
        long end = log.logEndOffset();
        assertThat(cleaned).hasSizeLessThan(written.size());

        fixture.crash();
        Files.deleteIfExists(log.dir().resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT));
        PartitionLog recovered = fixture.reopen();

        assertThat(KeyedRecords.readAll(recovered)).isEqualTo(cleaned);
        assertThat(recovered.sizeInBytes()).isEqualTo(size);
        assertThat(recovered.logEndOffset()).isEqualTo(end);

        // Switched to cleanup.policy=delete, the log still has the gaps the cleaner left below its checkpoint.
        fixture.logConfig = compactedConfig().delete().build();
        assertThat(fixture.logConfig.compact()).isFalse();
        fixture.crash();
        Files.deleteIfExists(log.dir().resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT));
        PartitionLog asDeleteLog = fixture.reopen();

        assertThat(KeyedRecords.readAll(asDeleteLog)).isEqualTo(cleaned);
        assertThat(asDeleteLog.sizeInBytes()).isEqualTo(size);
    }

    @Test
    void leftoverCleanedFilesAndUncommittedSwapIndexesAreDeletedAtLoad() throws IOException {
        Path dir = log.dir();
        fixture.crash();
        Files.write(Path.of(LogFileNames.logFile(dir, 0) + LogFileNames.CLEANED_SUFFIX), new byte[100]);
        Files.write(Path.of(LogFileNames.offsetIndexFile(dir, 0) + LogFileNames.CLEANED_SUFFIX), new byte[16]);
        Files.write(Path.of(LogFileNames.offsetIndexFile(dir, 0) + LogFileNames.SWAP_SUFFIX), new byte[16]);

        PartitionLog recovered = fixture.reopen();

        assertThat(files(dir, LogFileNames.CLEANED_SUFFIX)).isEmpty();
        assertThat(files(dir, LogFileNames.SWAP_SUFFIX)).isEmpty();
        assertThat(KeyedRecords.readAll(recovered)).isEqualTo(written);
    }

    /** The last record written for each key, which every consistent state of the log holds. */
    private List<Read> latestRecords() {
        Map<String, String> last = KeyedRecords.lastValues(written);
        return written.stream()
                .filter(read -> read.value().equals(last.get(read.key()))
                        && written.stream()
                                .noneMatch(later -> later.key().equals(read.key()) && later.offset() > read.offset()))
                .toList();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }
}
