package io.brook.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The leader epochs of a partition log and the offset each started at, persisted in the leader-epoch checkpoint
 * (one {@code "<epoch> <startOffset>"} line per epoch, see {@link CheckpointFile}). Followers use it to find where
 * their log diverges from the leader's.
 *
 * <p>Threading: all methods synchronize on the cache; writes come from the log's append lock or its loader.
 *
 * <p>Invariants: epochs and start offsets both grow strictly; the checkpoint always equals the cache after a
 * mutator returns normally.
 */
final class LeaderEpochCache {

    private final CheckpointFile checkpoint;
    private final TreeMap<Integer, Long> startOffsets = new TreeMap<>();

    private LeaderEpochCache(CheckpointFile checkpoint) {
        this.checkpoint = checkpoint;
    }

    static LeaderEpochCache load(CheckpointFile checkpoint) throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(checkpoint);
        for (String line : checkpoint.read().orElse(List.of())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length != 2) {
                throw new IOException("malformed leader epoch entry '" + line + "' in " + checkpoint.file());
            }
            try {
                cache.startOffsets.put(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
            } catch (NumberFormatException e) {
                throw new IOException("malformed leader epoch entry '" + line + "' in " + checkpoint.file(), e);
            }
        }
        return cache;
    }

    /** Records that {@code epoch} starts at {@code startOffset} if it is newer than the latest known epoch. */
    synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        Map.Entry<Integer, Long> latest = startOffsets.lastEntry();
        if (latest != null && (epoch <= latest.getKey() || startOffset < latest.getValue())) {
            return;
        }
        startOffsets.put(epoch, startOffset);
        persist();
    }

    /**
     * OffsetForLeaderEpoch, with the semantics of Kafka's {@code LeaderEpochFileCache.endOffsetFor}: the largest
     * known epoch at most {@code requestedEpoch} and the start offset of the next larger epoch; the log end offset
     * when the latest epoch is requested. An epoch older than every known one answers with itself and the start of
     * the first known epoch (the records before were deleted, the follower replicates from there).
     * {@link EpochEndOffset#UNDEFINED} for an undefined or a newer epoch than the latest, or an empty cache.
     */
    synchronized EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        if (requestedEpoch == EpochEndOffset.UNDEFINED_EPOCH || startOffsets.isEmpty()) {
            return EpochEndOffset.UNDEFINED;
        }
        if (requestedEpoch == startOffsets.lastKey()) {
            return new EpochEndOffset(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = startOffsets.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEndOffset.UNDEFINED;
        }
        Integer floor = startOffsets.floorKey(requestedEpoch);
        return new EpochEndOffset(floor == null ? requestedEpoch : floor, higher.getValue());
    }

    /** The latest known epoch, if any. */
    synchronized OptionalInt latestEpoch() {
        return startOffsets.isEmpty() ? OptionalInt.empty() : OptionalInt.of(startOffsets.lastKey());
    }

    /** Forgets epochs that start at or after {@code endOffset} (the log was cut there). */
    synchronized void truncateFromEnd(long endOffset) throws IOException {
        if (startOffsets.values().removeIf(start -> start >= endOffset)) {
            persist();
        }
    }

    /** Moves the epoch covering {@code startOffset} to start there and forgets older ones. */
    synchronized void truncateFromStart(long startOffset) throws IOException {
        Map.Entry<Integer, Long> covering = null;
        for (Map.Entry<Integer, Long> entry : new ArrayList<>(startOffsets.entrySet())) {
            if (entry.getValue() < startOffset) {
                covering = entry;
                startOffsets.remove(entry.getKey());
            }
        }
        if (covering != null) {
            Map.Entry<Integer, Long> next = startOffsets.ceilingEntry(covering.getKey());
            if (next == null || next.getValue() > startOffset) {
                startOffsets.put(covering.getKey(), startOffset);
            }
            persist();
        }
    }

    /** Forgets every epoch (the log restarts empty). */
    synchronized void clear() throws IOException {
        startOffsets.clear();
        persist();
    }

    synchronized Map<Integer, Long> entries() {
        return Map.copyOf(startOffsets);
    }

    private void persist() throws IOException {
        List<String> lines = new ArrayList<>(startOffsets.size());
        startOffsets.forEach((epoch, start) -> lines.add(epoch + " " + start));
        checkpoint.write(lines);
    }
}
