package io.brook.storage;

import io.brook.storage.ProducerEntry.BatchMetadata;
import io.brook.storage.errors.InvalidProducerEpochException;
import io.brook.storage.errors.OutOfOrderSequenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent-producer state of one partition log: per producer id, the epoch and the last batches written. It
 * decides whether an incoming batch is a retry (answered with the original offsets), out of order, or fenced, and
 * is saved as {@link ProducerSnapshotFile snapshots} when a segment rolls and on clean close, so that loading a log
 * only replays the batches after the latest snapshot.
 *
 * <p>Threading: not thread-safe; used under the owning log's append lock, or by its loader before it is published.
 */
final class ProducerStateManager {

    private static final Logger log = LoggerFactory.getLogger(ProducerStateManager.class);
    private static final int SNAPSHOTS_TO_KEEP = 2;

    private final Path dir;
    private Map<Long, ProducerEntry> producers = new HashMap<>();

    ProducerStateManager(Path dir) {
        this.dir = dir;
    }

    /**
     * Checks a batch of an idempotent producer against the state. Returns the original batch when it is a retry of
     * one of the producer's last batches.
     *
     * @throws InvalidProducerEpochException if the batch's epoch is older than the producer's
     * @throws OutOfOrderSequenceException if the sequence does not follow the producer's last batch, or a newer epoch
     *     does not start at sequence 0
     */
    Optional<BatchMetadata> checkAppend(RecordBatch batch) {
        ProducerEntry entry = producers.get(batch.producerId());
        if (entry == null) {
            // Nothing known (new producer, or its batches were all deleted): any sequence is accepted.
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        int firstSequence = batch.baseSequence();
        Optional<BatchMetadata> duplicate = entry.findDuplicate(epoch, firstSequence, batch.lastSequence());
        if (duplicate.isPresent()) {
            return duplicate;
        }
        if (epoch < entry.epoch()) {
            throw new InvalidProducerEpochException("producer " + batch.producerId() + " has epoch " + epoch
                    + ", older than the current epoch " + entry.epoch());
        }
        if (epoch > entry.epoch()) {
            if (firstSequence != 0) {
                throw new OutOfOrderSequenceException("producer " + batch.producerId() + " starts new epoch " + epoch
                        + " at sequence " + firstSequence + " instead of 0");
            }
            return Optional.empty();
        }
        int lastSequence = entry.lastSequence();
        if (!follows(lastSequence, firstSequence)) {
            throw new OutOfOrderSequenceException("producer " + batch.producerId() + " epoch " + epoch
                    + " sent sequence " + firstSequence + " after sequence " + lastSequence);
        }
        return Optional.empty();
    }

    private static boolean follows(int lastSequence, int nextSequence) {
        return nextSequence == lastSequence + 1L || (nextSequence == 0 && lastSequence == Integer.MAX_VALUE);
    }

    /** Records a batch written at {@code firstOffset..lastOffset}. Batches without producer id are ignored. */
    void update(RecordBatch batch, long firstOffset, long lastOffset, long timestampMs) {
        if (!batch.hasProducerId()) {
            return;
        }
        BatchMetadata metadata =
                new BatchMetadata(batch.baseSequence(), batch.lastSequence(), firstOffset, lastOffset, timestampMs);
        producers
                .computeIfAbsent(batch.producerId(), id -> new ProducerEntry(batch.producerEpoch()))
                .add(batch.producerEpoch(), metadata);
    }

    /** Per producer id, the last offset of the producer's last batch (what the cleaner must not delete). */
    Map<Long, Long> lastBatchOffsets() {
        Map<Long, Long> offsets = new HashMap<>();
        producers.forEach((producerId, entry) -> {
            List<BatchMetadata> batches = entry.batches();
            if (!batches.isEmpty()) {
                offsets.put(producerId, batches.get(batches.size() - 1).lastOffset());
            }
        });
        return offsets;
    }

    /** Replays a batch read back from the log. */
    void replay(RecordBatch batch) {
        update(batch, batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp());
    }

    /** Writes a snapshot as of {@code offset} and deletes all but the newest few. */
    void takeSnapshot(long offset) throws IOException {
        ProducerSnapshotFile.write(LogFileNames.snapshotFile(dir, offset), producers);
        List<Long> offsets = snapshotOffsets();
        for (int i = 0; i < offsets.size() - SNAPSHOTS_TO_KEEP; i++) {
            Files.deleteIfExists(LogFileNames.snapshotFile(dir, offsets.get(i)));
        }
    }

    /**
     * Loads the newest readable snapshot at or below {@code logEndOffset}, deleting those above it (they describe
     * batches cut off by recovery). Returns the snapshot's offset; empty means the state is empty and the whole
     * log must be replayed.
     */
    OptionalLong loadSnapshot(long logEndOffset) throws IOException {
        producers = new HashMap<>();
        List<Long> offsets = snapshotOffsets();
        for (int i = offsets.size() - 1; i >= 0; i--) {
            long offset = offsets.get(i);
            Path file = LogFileNames.snapshotFile(dir, offset);
            if (offset > logEndOffset) {
                Files.deleteIfExists(file);
                continue;
            }
            try {
                producers = ProducerSnapshotFile.read(file);
                return OptionalLong.of(offset);
            } catch (IOException | RuntimeException e) {
                log.warn("Ignoring unreadable producer snapshot {}: {}", file, e.getMessage());
                Files.deleteIfExists(file);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Rebuilds the state of a log whose batches end at {@code logEndOffset}: loads the newest snapshot at or below it
     * (deleting those above) and replays the batches after the snapshot. Used when a log is loaded and after it was
     * truncated.
     */
    void rebuild(NavigableMap<Long, LogSegment> segments, long logEndOffset) throws IOException {
        long firstOffset = segments.firstKey();
        long replayFrom = Math.max(loadSnapshot(logEndOffset).orElse(firstOffset), firstOffset);
        if (replayFrom < logEndOffset) {
            Long first = segments.floorKey(replayFrom);
            for (LogSegment segment :
                    segments.tailMap(first == null ? firstOffset : first, true).values()) {
                segment.forEachBatchFrom(replayFrom, this::replay);
            }
        }
    }

    /** Deletes the snapshots taken at offsets above {@code offset}, which describe batches about to be removed. */
    void deleteSnapshotsAbove(long offset) throws IOException {
        for (long snapshot : snapshotOffsets()) {
            if (snapshot > offset) {
                Files.deleteIfExists(LogFileNames.snapshotFile(dir, snapshot));
            }
        }
    }

    /** Forgets every producer and deletes every snapshot: the log restarts empty. */
    void clear() throws IOException {
        producers = new HashMap<>();
        deleteSnapshotsAbove(Long.MIN_VALUE);
    }

    private List<Long> snapshotOffsets() throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file ->
                    LogFileNames.offsetOf(file, LogFileNames.SNAPSHOT_SUFFIX).ifPresent(offsets::add));
        }
        offsets.sort(Long::compare);
        return offsets;
    }
}
