package io.brook.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A memory-mapped file of fixed-size entries sorted by a key, the common part of {@link OffsetIndex} and
 * {@link TimeIndex}. A new file is preallocated to its maximum size; {@link #trim()} cuts it to the entries written
 * when its segment stops being active, so an existing file's length says how many entries it has.
 *
 * <p>Threading: one writer (holding the owning log's append lock) appends, resizes and resets; any number of readers
 * search at the same time without locks. The entry count is volatile and written after the entry's bytes, so a
 * reader sees only complete entries. A reader may still use the previous mapping after a resize; the file is never
 * cut below the published entries, so the pages that reader touches stay backed by the file.
 */
abstract class MappedIndexFile {

    private final int entrySize;
    private final long baseOffset;
    private volatile Path file;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    private int maxEntries;

    MappedIndexFile(Path file, long baseOffset, int maxIndexBytes, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        boolean exists = Files.exists(file) && Files.size(file) > 0;
        long length = exists ? Files.size(file) : maxIndexBytes;
        map(roundDown(length));
        this.entries = exists ? maxEntries : 0;
    }

    final long baseOffset() {
        return baseOffset;
    }

    final Path file() {
        return file;
    }

    final int entries() {
        return entries;
    }

    final int maxEntries() {
        return maxEntries;
    }

    final boolean isFull() {
        return entries >= maxEntries;
    }

    /** The current mapping; readers take it once per search and use absolute reads only. */
    final ByteBuffer buffer() {
        return mmap;
    }

    /** Writes the next entry with {@code writer} and then publishes it. Caller checked {@link #isFull()}. */
    final void appendEntry(EntryWriter writer) {
        int slot = entries;
        if (slot >= maxEntries) {
            throw new IllegalStateException("index " + file + " is full with " + slot + " entries");
        }
        writer.write(mmap, slot * entrySize);
        entries = slot + 1;
    }

    /**
     * Forgets the entries from slot {@code count} on (the log was truncated). The file keeps its length, so a reader
     * that took the larger count before reads bytes that are still there; the entries past the new count point past
     * the cut and lead it to no batch.
     */
    final void truncateToEntries(int count) {
        if (count < entries) {
            entries = Math.max(0, count);
        }
    }

    /** Forgets every entry and makes room for {@code maxIndexBytes} again (used when an index is rebuilt). */
    final void reset(int maxIndexBytes) throws IOException {
        entries = 0;
        resize(maxIndexBytes);
    }

    /** Changes the file's capacity, never below the entries already written. */
    final void resize(int maxIndexBytes) throws IOException {
        long wanted = Math.max(roundDown(maxIndexBytes), (long) entries * entrySize);
        if (wanted != (long) maxEntries * entrySize) {
            map(wanted);
        }
    }

    /** Cuts the file to exactly the entries written, so that its length tells their number when reopened. */
    final void trim() throws IOException {
        map((long) entries * entrySize);
    }

    final void flush() {
        mmap.force();
    }

    final void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
    }

    final void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Index of the last entry whose key is at most {@code target}, or -1 when every key is larger (or there are no
     * entries). Keys are non-decreasing in entry order.
     */
    final int floorSlot(ByteBuffer buffer, int count, long target, KeyReader key) {
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (key.read(buffer, mid * entrySize) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    private long roundDown(long bytes) {
        return Math.max(0, bytes - bytes % entrySize);
    }

    private void map(long length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
            mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            maxEntries = (int) (length / entrySize);
        }
    }

    /** Writes one entry at an absolute position of the mapping. */
    @FunctionalInterface
    interface EntryWriter {
        void write(ByteBuffer buffer, int position);
    }

    /** Reads the sort key of the entry at an absolute position of the mapping. */
    @FunctionalInterface
    interface KeyReader {
        long read(ByteBuffer buffer, int position);
    }
}
