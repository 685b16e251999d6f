package io.brook.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file protocol that replaces a group of adjacent segments, {@code [B, E)}, by the one segment the
 * {@link LogCleaner} wrote for them, so that a crash at any step leaves a readable log: either the old segments or
 * the cleaned one, never a half-written file and never both.
 *
 * <pre>
 * step                                     files in the partition directory      a crash after it is recovered by
 * 1 write and fsync the cleaned segment    B.log.cleaned B.index.cleaned          deleting every *.cleaned file:
 *                                          B.timeindex.cleaned                    the old segments are untouched
 * 2 write the manifest, fsync              cleaner-swap: one entry "B E"          (the same)
 * 3 rename the indexes, then the log,      B.index.swap B.timeindex.swap,         B.log.swap is the commit point:
 *   to *.swap; fsync the directory         then B.log.swap                        the loader completes the swap
 * 4 publish the cleaned segment; rename    B.log.deleted C.log.deleted ...        (the same)
 *   the old segments' files to .deleted
 * 5 rename *.swap to the final names,      B.log B.index B.timeindex              nothing to do
 *   fsync, delete the manifest
 * </pre>
 *
 * <p>Completing an interrupted swap at load ({@link #recoverInterrupted}): delete the {@code .log}, {@code .index}
 * and {@code .timeindex} files of every segment whose base offset lies in the manifest's {@code [B, E)}, delete the
 * {@code .swap} index files, rename {@code B.log.swap} to {@code B.log}, and have {@link LogRecovery} rebuild that
 * segment's indexes. {@code .swap} index files without a {@code B.log.swap} belong to an uncommitted step 3 and are
 * deleted like {@code .cleaned} files.
 *
 * <p>The manifest is a {@link CheckpointFile}:
 *
 * <pre>
 * 0              version
 * 1              number of entries
 * 1200 1800      base offset of the cleaned segment, base offset of the segment after the replaced group
 * </pre>
 *
 * <p>Threading: steps 2 to 5 run under the owning log's lock (see {@link PartitionLog#replaceSegments}); recovery
 * runs on a loader thread before the log is published. At most one swap is in progress per log.
 */
final class SegmentSwap {

    private static final Logger log = LoggerFactory.getLogger(SegmentSwap.class);
    private static final List<String> SEGMENT_SUFFIXES =
            List.of(LogFileNames.LOG_SUFFIX, LogFileNames.INDEX_SUFFIX, LogFileNames.TIME_INDEX_SUFFIX);

    /** The steps of the protocol, reported to a {@link Observer}. */
    enum Step {
        CLEANED_WRITTEN,
        SWAP_COMMITTED,
        OLD_SEGMENTS_DELETED
    }

    /** Told of each step as it completes; tests use it to stop the cleaner where a crash could strike. */
    @FunctionalInterface
    interface Observer {
        Observer NONE = (step, baseOffset) -> {};

        void reached(Step step, long baseOffset);
    }

    private SegmentSwap() {}

    /** Steps 2 and 3: after this returns, a crash completes the swap of {@code [cleaned base, endOffset)}. */
    static void commit(Path dir, LogSegment cleaned, long endOffset) throws IOException {
        manifest(dir).write(List.of(cleaned.baseOffset() + " " + endOffset));
        cleaned.changeFileSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
        CheckpointFile.forceDirectory(dir);
    }

    /** Step 5: gives the published cleaned segment its final file names. */
    static void complete(Path dir, LogSegment cleaned) throws IOException {
        cleaned.changeFileSuffix(LogFileNames.SWAP_SUFFIX, "");
        CheckpointFile.forceDirectory(dir);
        Files.deleteIfExists(manifest(dir).file());
    }

    /** Removes a cleaned segment that will not be swapped in (the log changed, or cleaning stopped). */
    static void discard(LogSegment cleaned) {
        try {
            cleaned.deleteFiles();
        } catch (IOException e) {
            log.warn("Could not delete the abandoned cleaned segment {}: {}", cleaned, e.toString());
        }
    }

    /**
     * Brings {@code dir} back to whole segments after a crash during cleaning (see the class comment). Returns the
     * base offsets of segments swapped in here, whose indexes must be rebuilt.
     */
    static Set<Long> recoverInterrupted(Path dir) throws IOException {
        Set<Long> committed = new HashSet<>();
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(LogFileNames.CLEANED_SUFFIX) || name.endsWith(LogFileNames.SWAP_SUFFIX);
                    })
                    .toList();
        }
        for (Path file : leftovers) {
            swappedLogBase(file).ifPresent(committed::add);
        }
        for (Path file : leftovers) {
            if (swappedLogBase(file).isEmpty()) {
                Files.deleteIfExists(file);
            }
        }
        CheckpointFile manifest = manifest(dir);
        Optional<Range> range = readManifest(manifest);
        for (long base : committed) {
            Optional<Range> own = range.filter(r -> r.base() == base);
            if (own.isEmpty()) {
                log.warn("Swap of segment {} in {} has no manifest; replacing only the segment at its base", base, dir);
            }
            long end = own.map(Range::end).orElse(base + 1);
            deleteSegmentFilesIn(dir, base, end);
            Files.move(
                    Path.of(LogFileNames.logFile(dir, base) + LogFileNames.SWAP_SUFFIX),
                    LogFileNames.logFile(dir, base));
            log.info(
                    "Completed the interrupted swap of cleaned segment {} replacing [{}, {}) in {}",
                    base,
                    base,
                    end,
                    dir);
        }
        if (!leftovers.isEmpty()) {
            CheckpointFile.forceDirectory(dir);
        }
        Files.deleteIfExists(manifest.file());
        return committed;
    }

    private static void deleteSegmentFilesIn(Path dir, long from, long to) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (String suffix : SEGMENT_SUFFIXES) {
                    OptionalLong base = LogFileNames.offsetOf(file, suffix);
                    if (base.isPresent() && base.getAsLong() >= from && base.getAsLong() < to) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    /** The base offset if {@code file} is a segment's {@code .log.swap} file. */
    private static OptionalLong swappedLogBase(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(LogFileNames.SWAP_SUFFIX)) {
            return OptionalLong.empty();
        }
        String withoutSwap = name.substring(0, name.length() - LogFileNames.SWAP_SUFFIX.length());
        return LogFileNames.offsetOf(Path.of(withoutSwap), LogFileNames.LOG_SUFFIX);
    }

    /** The segments a swap replaces: base offsets in {@code [base, end)}. */
    private record Range(long base, long end) {}

    private static Optional<Range> readManifest(CheckpointFile manifest) throws IOException {
        Optional<List<String>> entries = manifest.read();
        if (entries.isEmpty() || entries.get().size() != 1) {
            return Optional.empty();
        }
        String[] fields = entries.get().get(0).trim().split("\\s+");
        try {
            return fields.length == 2
                    ? Optional.of(new Range(Long.parseLong(fields[0]), Long.parseLong(fields[1])))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            throw new IOException("malformed swap manifest " + manifest.file() + ": " + entries.get(), e);
        }
    }

    private static CheckpointFile manifest(Path dir) {
        return new CheckpointFile(dir.resolve(LogFileNames.CLEANER_SWAP_MANIFEST));
    }
}
