package io.brook.storage;

import io.brook.storage.ProducerEntry.BatchMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Binary snapshot of the producer state as of an offset, in {@code <offset>.snapshot}. Written to a temporary file,
 * forced and renamed, so a snapshot file is always complete; its CRC catches anything else.
 *
 * <pre>
 * +---------------+--------------+------------------+
 * | version int16 | crc32c int32 | producers int32  |   crc covers everything after the crc field
 * +---------------+--------------+------------------+
 * per producer:
 * +------------------+--------------+---------------+
 * | producerId int64 | epoch int16  | batches int32 |
 * +------------------+--------------+---------------+
 * per batch (oldest first):
 * +-------------+------------+-------------------+------------------+------------------+
 * | firstSeq i32 | lastSeq i32 | firstOffset int64 | lastOffset int64 | timestamp int64 |
 * +-------------+------------+-------------------+------------------+------------------+
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
final class ProducerSnapshotFile {

    private static final short VERSION = 1;
    private static final int HEADER_SIZE = 2 + 4 + 4;
    private static final int PRODUCER_SIZE = 8 + 2 + 4;
    private static final int BATCH_SIZE = 4 + 4 + 8 + 8 + 8;

    private ProducerSnapshotFile() {}

    static void write(Path file, Map<Long, ProducerEntry> producers) throws IOException {
        int size = HEADER_SIZE;
        for (ProducerEntry entry : producers.values()) {
            size += PRODUCER_SIZE + entry.batches().size() * BATCH_SIZE;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putInt(producers.size());
        producers.forEach((producerId, entry) -> {
            buffer.putLong(producerId)
                    .putShort(entry.epoch())
                    .putInt(entry.batches().size());
            for (BatchMetadata batch : entry.batches()) {
                buffer.putInt(batch.firstSequence()).putInt(batch.lastSequence());
                buffer.putLong(batch.firstOffset()).putLong(batch.lastOffset()).putLong(batch.timestampMs());
            }
        });
        buffer.putInt(2, crcOf(buffer.array(), size));
        buffer.flip();
        Path tmp = file.resolveSibling(file.getFileName() + LogFileNames.TMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<Long, ProducerEntry> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_SIZE || buffer.getShort() != VERSION) {
            throw new IOException("producer snapshot " + file + " has an unknown version or is truncated");
        }
        int storedCrc = buffer.getInt();
        if (storedCrc != crcOf(bytes, bytes.length)) {
            throw new IOException("producer snapshot " + file + " failed its CRC check");
        }
        int count = buffer.getInt();
        Map<Long, ProducerEntry> producers = new HashMap<>();
        for (int i = 0; i < count; i++) {
            long producerId = buffer.getLong();
            short epoch = buffer.getShort();
            int batches = buffer.getInt();
            ProducerEntry entry = new ProducerEntry(epoch);
            for (int b = 0; b < batches; b++) {
                entry.add(
                        epoch,
                        new BatchMetadata(
                                buffer.getInt(),
                                buffer.getInt(),
                                buffer.getLong(),
                                buffer.getLong(),
                                buffer.getLong()));
            }
            producers.put(producerId, entry);
        }
        return producers;
    }

    private static int crcOf(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 2 + 4, length - 2 - 4);
        return (int) crc.getValue();
    }
}
