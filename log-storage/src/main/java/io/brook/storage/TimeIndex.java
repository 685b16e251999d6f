package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Sparse index from timestamps to offsets of one segment. An entry says: up to the batch whose last offset is
 * {@code baseOffset + relativeOffset}, the largest timestamp in the segment is {@code timestamp}. Entries are added
 * beside offset index entries, and only when the segment's largest timestamp grew, so both columns grow strictly.
 * A final entry with the segment's largest timestamp is added when the segment stops being active.
 *
 * <pre>
 * entry (12 bytes, big-endian), repeated:
 * +-----------------+----------------------+
 * | timestamp int64 | relativeOffset int32 |
 * +-----------------+----------------------+
 * </pre>
 *
 * <p>Threading: see {@link MappedIndexFile}; lookups are lock-free.
 */
final class TimeIndex extends MappedIndexFile {

    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexBytes) throws IOException {
        super(file, baseOffset, Math.max(ENTRY_SIZE, maxIndexBytes), ENTRY_SIZE);
    }

    /** Adds an entry if {@code timestamp} is larger than the last one's; does nothing when full. */
    void maybeAppend(long timestamp, long offset) {
        if (isFull()) {
            return;
        }
        Optional<TimestampOffset> last = lastEntry();
        if (last.isPresent()
                && (timestamp <= last.get().timestamp() || offset <= last.get().offset())) {
            return;
        }
        long relative = offset - baseOffset();
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit index with base " + baseOffset());
        }
        appendEntry((buffer, at) -> buffer.putLong(at, timestamp).putInt(at + 8, (int) relative));
    }

    /** Adds the segment's final entry, growing the file by one entry if it is full. */
    void appendFinal(long timestamp, long offset) throws IOException {
        if (isFull()) {
            resize((entries() + 1) * ENTRY_SIZE);
        }
        maybeAppend(timestamp, offset);
    }

    /** The last entry with a timestamp strictly below {@code timestampMs}, if any. */
    Optional<TimestampOffset> lastEntryBelow(long timestampMs) {
        if (timestampMs == Long.MIN_VALUE) {
            return Optional.empty();
        }
        ByteBuffer buffer = buffer();
        int slot = floorSlot(buffer, entries(), timestampMs - 1, (b, at) -> b.getLong(at));
        return slot < 0 ? Optional.empty() : Optional.of(entry(buffer, slot));
    }

    /** Forgets the entries naming an offset at or after {@code offset}. */
    void truncateToOffset(long offset) {
        int slot = floorSlot(buffer(), entries(), offset - 1 - baseOffset(), (b, at) -> b.getInt(at + 8));
        truncateToEntries(slot + 1);
    }

    Optional<TimestampOffset> lastEntry() {
        int count = entries();
        return count == 0 ? Optional.empty() : Optional.of(entry(buffer(), count - 1));
    }

    private TimestampOffset entry(ByteBuffer buffer, int slot) {
        int at = slot * ENTRY_SIZE;
        return new TimestampOffset(buffer.getLong(at), baseOffset() + buffer.getInt(at + 8));
    }
}
