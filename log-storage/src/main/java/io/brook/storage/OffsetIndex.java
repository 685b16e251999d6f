package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse index from offsets to file positions of one segment. An entry says: the batch whose last offset is
 * {@code baseOffset + relativeOffset} starts at {@code position} in the segment file. Entries are written every
 * {@link LogConfig#indexIntervalBytes()} bytes, so both columns grow strictly.
 *
 * <pre>
 * entry (8 bytes, big-endian), repeated:
 * +----------------------+----------------------+
 * | relativeOffset int32 | position int32       |
 * +----------------------+----------------------+
 * </pre>
 *
 * <p>Threading: see {@link MappedIndexFile}; lookups are lock-free.
 */
final class OffsetIndex extends MappedIndexFile {

    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexBytes) throws IOException {
        super(file, baseOffset, maxIndexBytes, ENTRY_SIZE);
    }

    /** An offset and the file position of the batch it names. */
    record OffsetPosition(long offset, int position) {}

    void append(long offset, int position) {
        long relative = offset - baseOffset();
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit index with base " + baseOffset());
        }
        int count = entries();
        if (count > 0) {
            OffsetPosition last = entry(buffer(), count - 1);
            if (offset <= last.offset() || position <= last.position()) {
                throw new IllegalArgumentException("index entry (" + offset + ", " + position
                        + ") does not follow last entry " + last + " in " + file());
            }
        }
        appendEntry((buffer, at) -> buffer.putInt(at, (int) relative).putInt(at + 4, position));
    }

    /** The entry with the largest offset at most {@code targetOffset}, or (baseOffset, 0) when there is none. */
    OffsetPosition lookup(long targetOffset) {
        ByteBuffer buffer = buffer();
        int slot = floorSlot(buffer, entries(), targetOffset - baseOffset(), (b, at) -> b.getInt(at));
        return slot < 0 ? new OffsetPosition(baseOffset(), 0) : entry(buffer, slot);
    }

    /** The largest indexed batch position at most {@code position}, or 0 when there is none. */
    int floorPosition(int position) {
        ByteBuffer buffer = buffer();
        int slot = floorSlot(buffer, entries(), position, (b, at) -> b.getInt(at + 4));
        return slot < 0 ? 0 : buffer.getInt(slot * ENTRY_SIZE + 4);
    }

    /** Forgets the entries of batches starting at or after {@code position}. */
    void truncateToPosition(int position) {
        int slot = floorSlot(buffer(), entries(), position - 1L, (b, at) -> b.getInt(at + 4));
        truncateToEntries(slot + 1);
    }

    /** The last entry, or (baseOffset, 0) when empty. */
    OffsetPosition lastEntry() {
        int count = entries();
        return count == 0 ? new OffsetPosition(baseOffset(), 0) : entry(buffer(), count - 1);
    }

    /** Whether the entries are plausible for a segment file of {@code segmentSize} bytes. */
    boolean isSane(int segmentSize) {
        OffsetPosition last = lastEntry();
        return entries() <= maxEntries() && last.offset() >= baseOffset() && last.position() < Math.max(1, segmentSize);
    }

    private OffsetPosition entry(ByteBuffer buffer, int slot) {
        int at = slot * ENTRY_SIZE;
        return new OffsetPosition(baseOffset() + buffer.getInt(at), buffer.getInt(at + 4));
    }
}
