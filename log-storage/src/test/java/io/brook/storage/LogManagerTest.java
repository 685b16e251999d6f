package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.LogDirectoryOfflineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(1_000_000L);

    @Test
    void startupLoadsEveryPartitionDirectoryWithItsTopicConfig() {
        TopicPartition orders = new TopicPartition("orders", 0);
        TopicPartition dashed = new TopicPartition("page-views-v2", 11);
        try (LogManager manager = start(Map.of())) {
            manager.getOrCreateLog(orders, TestLogConfig.config().build()).appendAsLeader(TestRecords.batch(3), 0);
            manager.getOrCreateLog(dashed, TestLogConfig.config().build()).appendAsLeader(TestRecords.batch(5), 0);
            assertThat(manager.getOrCreateLog(orders, TestLogConfig.config().build()))
                    .isSameAs(manager.log(orders).orElseThrow());
        }

        LogConfig dashedConfig = TestLogConfig.config().segmentBytes(12_345).build();
        try (LogManager manager = start(Map.of("page-views-v2", dashedConfig))) {
            assertThat(manager.allLogs())
                    .extracting(PartitionLog::topicPartition)
                    .containsExactlyInAnyOrder(orders, dashed);
            assertThat(manager.log(orders).orElseThrow().logEndOffset()).isEqualTo(3);
            assertThat(manager.log(dashed).orElseThrow().logEndOffset()).isEqualTo(5);
            assertThat(manager.log(dashed).orElseThrow().config()).isEqualTo(dashedConfig);
        }
    }

    @Test
    void deleteLogRemovesItAtOnceAndItsFilesLater() throws IOException {
        TopicPartition tp = new TopicPartition("doomed", 3);
        try (LogManager manager = start(Map.of())) {
            PartitionLog log = manager.getOrCreateLog(tp, TestLogConfig.config().build());
            log.appendAsLeader(TestRecords.batch(3), 0);
            FileSlice inFlight = log.read(0, 1000, true).records();

            manager.deleteLog(tp);

            assertThat(manager.log(tp)).isEmpty();
            assertThat(log.dir()).doesNotExist();
            assertThat(dirs()).anyMatch(name -> name.startsWith("doomed-3.") && name.endsWith("-delete"));
            assertThat(TestRecords.batches(inFlight)).hasSize(1);
            assertThatThrownBy(() -> log.appendAsLeader(TestRecords.batch(1), 0))
                    .isInstanceOf(io.brook.storage.errors.StorageException.class);
            PartitionLog recreated =
                    manager.getOrCreateLog(tp, TestLogConfig.config().build());
            assertThat(recreated.logEndOffset()).isZero();
        }
        assertThat(dirs()).containsExactly("doomed-3");
    }

    @Test
    void leftoverDeletedDirectoriesAreRemovedAtStartup() throws IOException {
        Files.createDirectories(dataDir.resolve("old-0.123-delete"));
        Files.writeString(dataDir.resolve("old-0.123-delete").resolve("00000000000000000000.log"), "x");
        try (LogManager manager = start(Map.of())) {
            assertThat(manager.allLogs()).isEmpty();
        }
        assertThat(dirs()).isEmpty();
    }

    @Test
    void logsCannotBeCreatedBeforeStartupOrAfterClose() {
        LogManager manager = new LogManager(LogManagerConfig.of(dataDir), clock);
        TopicPartition tp = new TopicPartition("t", 0);
        assertThatThrownBy(() -> manager.getOrCreateLog(tp, LogConfig.defaults()))
                .isInstanceOf(IllegalStateException.class);
        manager.startup(topic -> LogConfig.defaults());
        manager.close();
        assertThatThrownBy(() -> manager.getOrCreateLog(tp, LogConfig.defaults()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(dataDir.resolve(LogFileNames.CLEAN_SHUTDOWN_MARKER)).exists();
    }

    @Test
    void anIoErrorTakesTheDirectoryOfflineForEveryLog() throws Exception {
        TopicPartition broken = new TopicPartition("broken", 0);
        TopicPartition other = new TopicPartition("other", 0);
        LogManager manager = start(Map.of());
        PartitionLog log = manager.getOrCreateLog(
                broken, TestLogConfig.config().segmentBytes(200).build());
        PartitionLog otherLog =
                manager.getOrCreateLog(other, TestLogConfig.config().build());
        log.appendAsLeader(TestRecords.batch(3), 0);
        deleteTree(log.dir());

        // The next append must roll, and creating the new segment fails.
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.batch(3), 0))
                .isInstanceOf(LogDirectoryOfflineException.class);
        assertThatThrownBy(() -> otherLog.appendAsLeader(TestRecords.batch(1), 0))
                .isInstanceOf(LogDirectoryOfflineException.class);
        assertThat(otherLog.flushUpTo(1)).isCompletedExceptionally();
        assertThatThrownBy(() -> manager.getOrCreateLog(new TopicPartition("new", 0), LogConfig.defaults()))
                .isInstanceOf(LogDirectoryOfflineException.class);

        manager.close();
        assertThat(dataDir.resolve(LogFileNames.CLEAN_SHUTDOWN_MARKER)).doesNotExist();
    }

    @Test
    void parsesPartitionDirectoryNames() {
        assertThat(LogFileNames.parseDirName("a-b-c-12")).contains(new TopicPartition("a-b-c", 12));
        assertThat(LogFileNames.parseDirName("orders")).isEmpty();
        assertThat(LogFileNames.parseDirName("orders-x")).isEmpty();
        assertThat(LogFileNames.parseDirName("orders-0.99-delete")).isEmpty();
    }

    private LogManager start(Map<String, LogConfig> configs) {
        Map<String, LogConfig> all = new HashMap<>(configs);
        LogManager manager = new LogManager(new LogManagerConfig(dataDir, 2, 3_600_000L, 60_000L), clock);
        manager.startup(topic -> all.getOrDefault(topic, TestLogConfig.config().build()));
        return manager;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private List<String> dirs() throws IOException {
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .toList();
        }
    }
}
