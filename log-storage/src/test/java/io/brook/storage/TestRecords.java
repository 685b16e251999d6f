package io.brook.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Record batches for tests, built with the kafka-clients record classes. */
final class TestRecords {

    private TestRecords() {}

    /** One uncompressed batch of {@code count} records, all stamped {@code timestampMs}. */
    static MemoryRecords batch(long timestampMs, int count) {
        return MemoryRecords.withRecords(Compression.NONE, records(timestampMs, count));
    }

    static MemoryRecords batch(int count) {
        return batch(RecordBatch.NO_TIMESTAMP, count);
    }

    /** One batch with a record per timestamp. */
    static MemoryRecords batchWithTimestamps(long... timestampsMs) {
        SimpleRecord[] records = new SimpleRecord[timestampsMs.length];
        for (int i = 0; i < timestampsMs.length; i++) {
            records[i] = new SimpleRecord(
                    timestampsMs[i],
                    ("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + timestampsMs[i]).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static MemoryRecords compressed(Compression compression, int count) {
        return MemoryRecords.withRecords(compression, records(1_000L, count));
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, int count) {
        return MemoryRecords.withIdempotentRecords(
                Compression.NONE, producerId, epoch, baseSequence, records(RecordBatch.NO_TIMESTAMP, count));
    }

    /**
     * One batch as a leader stored it and a follower fetches it: offsets from {@code baseOffset}, stamped with
     * {@code leaderEpoch}.
     */
    static MemoryRecords fetched(long baseOffset, int leaderEpoch, long timestampMs, int count) {
        return fetchedIdempotent(
                baseOffset,
                leaderEpoch,
                RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH,
                RecordBatch.NO_SEQUENCE,
                timestampMs,
                count);
    }

    /** {@link #fetched} for a batch of an idempotent producer. */
    static MemoryRecords fetchedIdempotent(
            long baseOffset,
            int leaderEpoch,
            long producerId,
            short producerEpoch,
            int baseSequence,
            long timestampMs,
            int count) {
        return MemoryRecords.withRecords(
                RecordBatch.MAGIC_VALUE_V2,
                baseOffset,
                Compression.NONE,
                TimestampType.CREATE_TIME,
                producerId,
                producerEpoch,
                baseSequence,
                leaderEpoch,
                false,
                records(timestampMs, count));
    }

    /** The batches one after the other in one buffer, as a fetch response carries them. */
    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords part : parts) {
            size += part.sizeInBytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (MemoryRecords part : parts) {
            buffer.put(part.buffer().duplicate());
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    /** What a follower fetching from {@code leader} at {@code offset} gets, as a buffer it can append. */
    static MemoryRecords fetch(PartitionLog leader, long offset, int maxBytes) {
        FileSlice slice = leader.read(offset, maxBytes, true).records();
        return slice.isEmpty() ? MemoryRecords.EMPTY : MemoryRecords.readableRecords(slice.readFully());
    }

    private static SimpleRecord[] records(long timestampMs, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(
                    timestampMs,
                    ("key-" + i).getBytes(StandardCharsets.UTF_8),
                    ("value-" + i + "-" + "x".repeat(i % 7 * 10)).getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    static byte[] bytes(MemoryRecords records) {
        ByteBuffer buffer = records.buffer().duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static byte[] bytes(FileSlice slice) {
        return slice.isEmpty() ? new byte[0] : slice.readFully().array();
    }

    static List<MutableRecordBatch> batches(FileSlice slice) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        if (!slice.isEmpty()) {
            MemoryRecords.readableRecords(slice.readFully()).batches().forEach(batches::add);
        }
        return batches;
    }
}
