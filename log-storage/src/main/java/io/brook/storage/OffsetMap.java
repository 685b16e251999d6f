package io.brook.storage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The cleaner's map from record key to the latest offset written for it in the dirty section of a log. Keys are
 * kept whole (copied), so two keys never collide; memory is bounded by {@link #maxEntries} entries and
 * {@link #maxKeyBytes} bytes of keys, and the cleaner stops filling the map at a batch boundary once either would
 * be exceeded (it then cleans up to there and continues from there on its next pass).
 *
 * <p>Threading: not thread-safe; owned by the cleaner's thread and reused from pass to pass.
 */
final class OffsetMap {

    private final int maxEntries;
    private final long maxKeyBytes;
    private final Map<ByteBuffer, Long> latest = new HashMap<>();
    private long keyBytes;

    OffsetMap(int maxEntries, long maxKeyBytes) {
        this.maxEntries = maxEntries;
        this.maxKeyBytes = maxKeyBytes;
    }

    /** Whether {@code records} more records with {@code keyBytes} bytes of keys surely fit. */
    boolean hasRoomFor(int records, long keyBytes) {
        return latest.size() + (long) records <= maxEntries && this.keyBytes + keyBytes <= maxKeyBytes;
    }

    /** Notes that {@code key} (whose remaining bytes are read, not consumed) was written at {@code offset}. */
    void put(ByteBuffer key, long offset) {
        ByteBuffer copy = ByteBuffer.allocate(key.remaining());
        copy.put(key.duplicate()).flip();
        if (latest.put(copy, offset) == null) {
            keyBytes += copy.capacity();
        }
    }

    /** The latest offset of {@code key}, or -1 if it is not in the map. */
    long latestOffset(ByteBuffer key) {
        Long offset = latest.get(key);
        return offset == null ? -1 : offset;
    }

    int size() {
        return latest.size();
    }

    void clear() {
        latest.clear();
        keyBytes = 0;
    }
}
