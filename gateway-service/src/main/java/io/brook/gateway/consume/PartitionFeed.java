package io.brook.gateway.consume;

import java.util.Arrays;
import java.util.List;

/**
 * The recent records of one partition, shared by every live reader of it.
 *
 * <p>Invariant: every record of the partition with an offset in {@code [coveredFrom, end)} is in
 * the ring, in offset order (offsets may have gaps: compaction, control records). {@code end} only
 * grows.
 *
 * <p>Appends come from the topic's tail thread only; they publish a new immutable {@link Snapshot}
 * through a volatile field, so the many readers (one per SSE stream, on every event loop) read
 * without locks and never contend with each other or with the tail.
 */
public final class PartitionFeed {

    private final int partition;
    private final int maxRecords;
    private final long maxBytes;
    private volatile Snapshot snapshot;

    /** The ring at one moment: {@code records} cover {@code [coveredFrom, end)}. */
    private record Snapshot(FeedRecord[] records, long coveredFrom, long end, long bytes) {}

    public PartitionFeed(int partition, long start, int maxRecords, long maxBytes) {
        this.partition = partition;
        this.maxRecords = Math.max(1, maxRecords);
        this.maxBytes = Math.max(1, maxBytes);
        this.snapshot = new Snapshot(new FeedRecord[0], start, start, 0);
    }

    public int partition() {
        return partition;
    }

    /** The next offset the tail will read: readers at or above it wait. */
    public long end() {
        return snapshot.end;
    }

    /**
     * Adds records the tail read (ascending offsets at or above {@code end}) and moves the end to
     * {@code position}, the tail's next offset. Returns whether the end moved. Tail thread only.
     */
    public boolean append(List<FeedRecord> records, long position) {
        Snapshot current = snapshot;
        FeedRecord[] old = current.records;
        FeedRecord[] grown = Arrays.copyOf(old, old.length + records.size());
        int size = old.length;
        long end = current.end;
        long bytes = current.bytes;
        for (FeedRecord record : records) {
            if (record.offset() < end) {
                continue;
            }
            grown[size++] = record;
            bytes += record.size();
            end = record.offset() + 1;
        }
        int first = 0;
        long coveredFrom = current.coveredFrom;
        while (size - first > maxRecords || (bytes > maxBytes && size - first > 1)) {
            bytes -= grown[first].size();
            coveredFrom = grown[first].offset() + 1;
            first++;
        }
        end = Math.max(end, position);
        snapshot = new Snapshot(Arrays.copyOfRange(grown, first, size), coveredFrom, end, bytes);
        return end > current.end;
    }

    /**
     * Moves the end to {@code position} without records (the tail skipped control records or the
     * log was truncated below it). Returns whether the end moved. Tail thread only.
     */
    public boolean advanceTo(long position) {
        Snapshot current = snapshot;
        if (position > current.end) {
            snapshot = new Snapshot(current.records, current.coveredFrom, position, current.bytes);
            return true;
        }
        return false;
    }

    /** At most {@code limit} records from {@code offset}, or where the reader stands instead. */
    public FeedRead read(long offset, int limit) {
        Snapshot current = snapshot;
        if (offset >= current.end) {
            return new FeedRead.AtEnd(current.end);
        }
        if (offset < current.coveredFrom) {
            return new FeedRead.BehindFeed(current.coveredFrom);
        }
        FeedRecord[] records = current.records;
        int from = firstAtOrAfter(records, offset);
        int to = (int) Math.min(records.length, (long) from + limit);
        List<FeedRecord> page = List.of(Arrays.copyOfRange(records, from, to));
        long next = to == records.length ? current.end : records[to - 1].offset() + 1;
        return new FeedRead.Records(page, next);
    }

    private static int firstAtOrAfter(FeedRecord[] records, long offset) {
        int low = 0;
        int high = records.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records[mid].offset() < offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
