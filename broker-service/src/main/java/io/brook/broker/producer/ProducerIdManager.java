package io.brook.broker.producer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.errors.KafkaStorageException;

/**
 * Hands out producer ids for idempotent producers (InitProducerId), never the same id twice, across restarts.
 *
 * <p>Ids are reserved in blocks: before the first id of a block is given out, the end of the block is written to
 * {@code producer-id-block} in the data folder and forced to disk. After a crash the broker continues after the
 * last reserved block, skipping at most one block of unused ids. Thread-safe (synchronised).
 *
 * <p>In a cluster every broker hands out ids, so each draws from its own range: the id is the broker's id shifted
 * left by {@value #RANGE_BITS} bits plus its local counter, and no two brokers ever give out the same id (a producer
 * id shared by two producers would mix their sequence numbers). A single node uses range 0.
 */
public final class ProducerIdManager {

    static final String FILE_NAME = "producer-id-block";
    static final long BLOCK_SIZE = 1000;
    static final int RANGE_BITS = 40;

    private final Path file;
    private final long rangeStart;
    private long next;
    private long blockEnd;

    public ProducerIdManager(Path dataDir) {
        this(dataDir, 0);
    }

    /** @param range this broker's id range: its broker id in a cluster, 0 on a single node */
    public ProducerIdManager(Path dataDir, int range) {
        if (range < 0 || range >= (1 << (62 - RANGE_BITS))) {
            throw new IllegalArgumentException("producer id range " + range + " out of bounds");
        }
        this.rangeStart = (long) range << RANGE_BITS;
        this.file = dataDir.resolve(FILE_NAME);
        try {
            long reserved = Files.exists(file)
                    ? Long.parseLong(
                            Files.readString(file, StandardCharsets.UTF_8).trim())
                    : 0;
            this.next = reserved;
            this.blockEnd = reserved;
        } catch (IOException | NumberFormatException e) {
            throw new KafkaStorageException("cannot read producer id block from " + file, e);
        }
    }

    public synchronized long nextProducerId() {
        if (next >= blockEnd) {
            reserve(blockEnd + BLOCK_SIZE);
        }
        return rangeStart + next++;
    }

    private void reserve(long end) {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(end), StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new KafkaStorageException("cannot reserve producer ids in " + file, e);
        }
        blockEnd = end;
    }
}
