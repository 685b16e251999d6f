package io.brook.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the {@link LogCleaner} stopped in one partition log, so that a restart does not clean everything again: the
 * first dirty offset (everything below it was cleaned) and the earliest delete horizon among the tombstones the
 * cleaner kept (a pass after it drops them, even when nothing new is dirty). Kept in the partition directory, so it
 * goes wherever the log goes; written atomically as a {@link CheckpointFile}:
 *
 * <pre>
 * 0                      version
 * 1                      number of entries
 * 1200 1700086400000     first dirty offset, earliest delete horizon in ms (-1: no tombstone waits)
 * </pre>
 *
 * <p>Threading: thread-safe; written by the cleaner's thread only, read by it and by the log's loader.
 */
final class CleanerCheckpoint {

    static final long NO_DELETE_HORIZON = -1;

    /** What the checkpoint holds. */
    record Point(long firstDirtyOffset, long deleteHorizonMs) {

        /** Nothing cleaned yet: everything from the log start offset is dirty. */
        static final Point NONE = new Point(0, NO_DELETE_HORIZON);
    }

    private final CheckpointFile file;
    private Point cached;

    CleanerCheckpoint(Path dir) {
        this.file = new CheckpointFile(dir.resolve(LogFileNames.CLEANER_OFFSET_CHECKPOINT));
    }

    /** The checkpoint; empty when the log was never cleaned (so it has no offset gaps). */
    synchronized Optional<Point> read() throws IOException {
        if (cached == null) {
            Optional<List<String>> entries = file.read();
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            cached = parse(entries.get());
        }
        return Optional.of(cached);
    }

    synchronized void write(Point point) throws IOException {
        file.write(List.of(point.firstDirtyOffset() + " " + point.deleteHorizonMs()));
        cached = point;
    }

    private Point parse(List<String> entries) throws IOException {
        String[] fields = entries.size() == 1 ? entries.get(0).trim().split("\\s+") : new String[0];
        if (fields.length != 2) {
            throw new IOException(
                    "cleaner checkpoint " + file.file() + " should hold one entry of two fields, has " + entries);
        }
        try {
            return new Point(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } catch (NumberFormatException e) {
            throw new IOException("cleaner checkpoint " + file.file() + " is malformed: " + entries, e);
        }
    }
}
