package io.brook.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition directory: completes or rolls back a segment swap the cleaner was making ({@link SegmentSwap}),
 * removes files left half-done ({@code .deleted}, {@code .tmp}), opens the segments, runs {@link LogRecovery}
 * unless the log was shut down cleanly, then restores the log start offset, the leader epochs and the producer state
 * (from the newest snapshot plus the batches after it).
 *
 * <p>Threading: one loader per directory, on a recovery thread, before the log is published.
 */
final class LogLoader {

    private static final Logger log = LoggerFactory.getLogger(LogLoader.class);

    private final Path dir;
    private final LogConfig config;
    private final Clock clock;

    /** Everything a {@link PartitionLog} starts from. */
    record LoadedLog(
            ConcurrentSkipListMap<Long, LogSegment> segments,
            long logStartOffset,
            long logEndOffset,
            ProducerStateManager producerState,
            LeaderEpochCache epochCache) {}

    LogLoader(Path dir, LogConfig config, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
    }

    LoadedLog load(boolean cleanShutdown) throws IOException {
        Files.createDirectories(dir);
        Set<Long> swappedIn = SegmentSwap.recoverInterrupted(dir);
        ConcurrentSkipListMap<Long, LogSegment> segments = openSegments();
        CheckpointFile logStartCheckpoint = new CheckpointFile(dir.resolve(LogFileNames.LOG_START_OFFSET_CHECKPOINT));
        OptionalLong checkpointedStart = logStartCheckpoint.readOffset();
        if (segments.isEmpty()) {
            long base = checkpointedStart.orElse(0);
            segments.put(base, LogSegment.create(dir, base, config, clock.millis()));
        }
        LeaderEpochCache epochCache =
                LeaderEpochCache.load(new CheckpointFile(dir.resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT)));
        LogRecovery recovery = new LogRecovery(dir.getFileName().toString(), config.segmentIndexBytes());
        recovery.recover(segments, recoveryPoint(), cleanShutdown, offsetGapsAllowedBelow(), swappedIn);
        for (LogRecovery.EpochStart start : recovery.epochStarts()) {
            epochCache.assign(start.epoch(), start.startOffset());
        }
        LogSegment active = segments.lastEntry().getValue();
        active.onBecomeActive(config.segmentIndexBytes());
        long logEndOffset = active.readNextOffset();
        epochCache.truncateFromEnd(logEndOffset);
        long logStartOffset = Math.min(Math.max(checkpointedStart.orElse(0), segments.firstKey()), logEndOffset);
        ProducerStateManager producerState = loadProducerState(segments, logEndOffset);
        if (!cleanShutdown) {
            // Recovery flushed what it kept; start the next one from here, not from a point it may have cut off.
            new CheckpointFile(dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT)).writeOffset(logEndOffset);
        }
        log.info(
                "Loaded {} with {} segments, log start offset {}, log end offset {} ({})",
                dir.getFileName(),
                segments.size(),
                logStartOffset,
                logEndOffset,
                cleanShutdown ? "clean shutdown" : "recovered");
        return new LoadedLog(segments, logStartOffset, logEndOffset, producerState, epochCache);
    }

    private long recoveryPoint() throws IOException {
        return new CheckpointFile(dir.resolve(LogFileNames.RECOVERY_POINT_CHECKPOINT))
                .readOffset()
                .orElse(0);
    }

    /** Below which offset the cleaner may have left gaps: anywhere in a compacted log, else below its checkpoint. */
    private long offsetGapsAllowedBelow() {
        if (config.compact()) {
            return Long.MAX_VALUE;
        }
        try {
            return new CleanerCheckpoint(dir)
                    .read()
                    .map(CleanerCheckpoint.Point::firstDirtyOffset)
                    .orElse(Long.MIN_VALUE);
        } catch (IOException e) {
            log.warn("Unreadable cleaner checkpoint in {}; tolerating offset gaps: {}", dir, e.toString());
            return Long.MAX_VALUE;
        }
    }

    private ConcurrentSkipListMap<Long, LogSegment> openSegments() throws IOException {
        List<Long> baseOffsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogFileNames.DELETED_SUFFIX) || name.endsWith(LogFileNames.TMP_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else {
                    LogFileNames.offsetOf(file, LogFileNames.LOG_SUFFIX).ifPresent(baseOffsets::add);
                }
            }
        }
        baseOffsets.sort(Long::compare);
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        for (long baseOffset : baseOffsets) {
            segments.put(baseOffset, LogSegment.open(dir, baseOffset, config));
        }
        return segments;
    }

    private ProducerStateManager loadProducerState(ConcurrentSkipListMap<Long, LogSegment> segments, long logEndOffset)
            throws IOException {
        ProducerStateManager producerState = new ProducerStateManager(dir);
        producerState.rebuild(segments, logEndOffset);
        return producerState;
    }
}
