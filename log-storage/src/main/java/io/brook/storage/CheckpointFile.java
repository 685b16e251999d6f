package io.brook.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A small text checkpoint replaced atomically: written to {@code <name>.tmp}, forced, renamed over the old file, and
 * the directory forced, so a crash leaves either the old or the new content.
 *
 * <pre>
 * 0          version
 * 2          number of entry lines
 * 0 0        entry lines (for the leader-epoch checkpoint: epoch, start offset)
 * 4 1200
 * </pre>
 *
 * <p>Threading: callers serialize writes to one file (the owning log's lock or its single writer).
 */
final class CheckpointFile {

    static final int VERSION = 0;

    private final Path file;

    CheckpointFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void write(List<String> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (String entry : entries) {
            text.append(entry).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + LogFileNames.TMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(file.getParent());
    }

    /** The entry lines, or empty if the file does not exist. A malformed file is an {@link IOException}. */
    Optional<List<String>> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 2) {
            throw new IOException("checkpoint " + file + " is truncated: " + lines.size() + " lines");
        }
        try {
            int version = Integer.parseInt(lines.get(0).trim());
            int count = Integer.parseInt(lines.get(1).trim());
            if (version != VERSION || count != lines.size() - 2) {
                throw new IOException("checkpoint " + file + " has version " + version + " and " + count
                        + " entries declared for " + (lines.size() - 2) + " lines");
            }
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint " + file + " has a malformed header", e);
        }
        return Optional.of(new ArrayList<>(lines.subList(2, lines.size())));
    }

    void writeOffset(long offset) throws IOException {
        write(List.of(Long.toString(offset)));
    }

    OptionalLong readOffset() throws IOException {
        Optional<List<String>> entries = read();
        if (entries.isEmpty()) {
            return OptionalLong.empty();
        }
        if (entries.get().size() != 1) {
            throw new IOException("checkpoint " + file + " should hold one offset, has " + entries.get());
        }
        try {
            return OptionalLong.of(Long.parseLong(entries.get().get(0).trim()));
        } catch (NumberFormatException e) {
            throw new IOException("checkpoint " + file + " holds a malformed offset", e);
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
