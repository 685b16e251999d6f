package io.brook.storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The names of every file the storage engine writes, in one place.
 *
 * <pre>
 * dataDir/
 *   .brook_cleanshutdown                  written by a clean close, removed at start-up
 *   orders-0/                             one directory per partition, {@code <topic>-<partition>}
 *     00000000000000000000.log            segment named by its base offset (20 digits)
 *     00000000000000000000.index          sparse offset index of that segment
 *     00000000000000000000.timeindex      sparse time index of that segment
 *     00000000000000001234.snapshot       producer state as of offset 1234
 *     00000000000000000000.log.cleaned    a segment the cleaner is writing (+ .index.cleaned, .timeindex.cleaned)
 *     00000000000000000000.log.swap       a cleaned segment being swapped in (see {@link SegmentSwap})
 *     00000000000000000042.log.deleted    a segment waiting for the delayed deleter (+ its indexes)
 *     cleaner-swap                        which segments the swap in progress replaces
 *     cleaner-offset-checkpoint           where the dirty section starts (see {@link CleanerCheckpoint})
 *     high-watermark-checkpoint           the committed offset, written lazily (see {@link HighWatermarkTracker})
 *     leader-epoch-checkpoint
 *     log-start-offset-checkpoint
 *     recovery-point-offset-checkpoint
 *   orders-1.1712345678-delete/           a deleted partition waiting for its files to be removed
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class LogFileNames {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    static final String DELETED_SUFFIX = ".deleted";
    static final String TMP_SUFFIX = ".tmp";
    static final String CLEANED_SUFFIX = ".cleaned";
    static final String SWAP_SUFFIX = ".swap";
    static final String DELETE_DIR_SUFFIX = "-delete";
    static final String CLEAN_SHUTDOWN_MARKER = ".brook_cleanshutdown";
    static final String HIGH_WATERMARK_CHECKPOINT = "high-watermark-checkpoint";
    static final String LEADER_EPOCH_CHECKPOINT = "leader-epoch-checkpoint";
    static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
    static final String CLEANER_SWAP_MANIFEST = "cleaner-swap";

    private static final int OFFSET_DIGITS = 20;

    private LogFileNames() {}

    static String offsetPrefix(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }

    static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + LOG_SUFFIX);
    }

    static Path offsetIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(offsetPrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The log file and both index files of the segment at {@code baseOffset}, each name ending in {@code suffix}. */
    static List<Path> segmentFiles(Path dir, long baseOffset, String suffix) {
        return List.of(
                Path.of(logFile(dir, baseOffset) + suffix),
                Path.of(offsetIndexFile(dir, baseOffset) + suffix),
                Path.of(timeIndexFile(dir, baseOffset) + suffix));
    }

    static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(offsetPrefix(offset) + SNAPSHOT_SUFFIX);
    }

    /** The offset a file such as {@code 00000000000000000042.log} is named for, if it has the given suffix. */
    static OptionalLong offsetOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix) || name.length() != OFFSET_DIGITS + suffix.length()) {
            return OptionalLong.empty();
        }
        String digits = name.substring(0, OFFSET_DIGITS);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    static String dirName(TopicPartition topicPartition) {
        return topicPartition.topic() + "-" + topicPartition.partition();
    }

    /** Parses {@code <topic>-<partition>}; the topic may itself contain dashes. */
    static Optional<TopicPartition> parseDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1 || name.endsWith(DELETE_DIR_SUFFIX)) {
            return Optional.empty();
        }
        String partition = name.substring(dash + 1);
        for (int i = 0; i < partition.length(); i++) {
            if (!Character.isDigit(partition.charAt(i))) {
                return Optional.empty();
            }
        }
        if (partition.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(name.substring(0, dash), Integer.parseInt(partition)));
    }
}
