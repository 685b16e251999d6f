package io.brook.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A read-only range of a segment file holding whole record batches (the last one may be cut short by a byte limit,
 * as Kafka allows). The broker hands it to the network as a zero-copy file region; other readers copy it out.
 *
 * <p>The channel stays open for at least {@link LogManagerConfig#fileDeleteDelayMs()} after its segment is deleted,
 * so a slice in flight is never read from a closed file.
 */
public record FileSlice(FileChannel channel, long position, int size) {

    public static final FileSlice EMPTY = new FileSlice(null, 0, 0);

    public boolean isEmpty() {
        return size == 0;
    }

    /** Copies the slice into a new heap buffer, flipped for reading. */
    public ByteBuffer readFully() {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        long at = position;
        try {
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) {
                    throw new IOException("end of file at " + at + " reading slice " + this);
                }
                at += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.flip();
    }
}
