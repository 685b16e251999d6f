package io.brook.gateway.consume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The recent records of one partition, shared by every live reader of it.
 *
 * <p>Invariant: every record of the partition with an offset in {@code [coveredFrom, end)} is in
 * the ring, in offset order (offsets may have gaps: compaction, control records). {@code end} only
 * grows. Appends come from the topic's tail thread; reads from any thread.
 */
public final class PartitionFeed {

    private final int partition;
    private final int maxRecords;
    private final long maxBytes;
    private final ArrayDeque<FeedRecord> ring = new ArrayDeque<>();
    private long coveredFrom;
    private long end;
    private long bytes;

    public PartitionFeed(int partition, long start, int maxRecords, long maxBytes) {
        this.partition = partition;
        this.coveredFrom = start;
        this.end = start;
        this.maxRecords = Math.max(1, maxRecords);
        this.maxBytes = Math.max(1, maxBytes);
    }

    public int partition() {
        return partition;
    }

    /** The next offset the tail will read: readers at or above it wait. */
    public synchronized long end() {
        return end;
    }

    /**
     * Adds records the tail read (ascending offsets at or above {@code end}) and moves the end to
     * {@code position}, the tail's next offset. Returns whether the end moved.
     */
    public synchronized boolean append(List<FeedRecord> records, long position) {
        long before = end;
        for (FeedRecord record : records) {
            if (record.offset() < end) {
                continue;
            }
            ring.addLast(record);
            bytes += record.size();
            end = record.offset() + 1;
        }
        while (ring.size() > maxRecords || (bytes > maxBytes && ring.size() > 1)) {
            FeedRecord evicted = ring.removeFirst();
            bytes -= evicted.size();
            coveredFrom = evicted.offset() + 1;
        }
        if (position > end) {
            end = position;
        }
        return end > before;
    }

    /**
     * Moves the end to {@code position} without records (the tail skipped control records or the
     * log was truncated below it). Returns whether the end moved.
     */
    public synchronized boolean advanceTo(long position) {
        if (position > end) {
            end = position;
            return true;
        }
        return false;
    }

    /** At most {@code maxRecords} records from {@code offset}, or where the reader stands instead. */
    public synchronized FeedRead read(long offset, int limit) {
        if (offset >= end) {
            return new FeedRead.AtEnd(end);
        }
        if (offset < coveredFrom) {
            return new FeedRead.BehindFeed(coveredFrom);
        }
        List<FeedRecord> records = new ArrayList<>(Math.min(limit, ring.size()));
        // Scan from the newest side when the reader is near the end (the common case).
        Iterator<FeedRecord> newestFirst = ring.descendingIterator();
        int skip = 0;
        while (newestFirst.hasNext() && newestFirst.next().offset() >= offset) {
            skip++;
        }
        int start = ring.size() - skip;
        Iterator<FeedRecord> oldestFirst = ring.iterator();
        for (int i = 0; i < start; i++) {
            oldestFirst.next();
        }
        while (oldestFirst.hasNext() && records.size() < limit) {
            records.add(oldestFirst.next());
        }
        long next =
                records.size() == skip ? end : records.get(records.size() - 1).offset() + 1;
        return new FeedRead.Records(records, next);
    }
}
