package io.brook.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Keyed record batches for compaction tests, and a consumer-style reader of a whole log. */
final class KeyedRecords {

    private KeyedRecords() {}

    /** One record as a consumer sees it; {@code value} is null for a tombstone. */
    record Read(long offset, String key, String value) {}

    /** One batch of records from key/value pairs; a null value makes a tombstone. */
    static MemoryRecords batch(long timestampMs, String... keysAndValues) {
        return MemoryRecords.withRecords(Compression.NONE, records(timestampMs, keysAndValues));
    }

    static MemoryRecords compressed(long timestampMs, String... keysAndValues) {
        return MemoryRecords.withRecords(Compression.gzip().build(), records(timestampMs, keysAndValues));
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, String... keysAndValues) {
        return MemoryRecords.withIdempotentRecords(
                Compression.NONE, producerId, epoch, baseSequence, records(1_000L, keysAndValues));
    }

    private static SimpleRecord[] records(long timestampMs, String... keysAndValues) {
        SimpleRecord[] records = new SimpleRecord[keysAndValues.length / 2];
        for (int i = 0; i < records.length; i++) {
            String value = keysAndValues[2 * i + 1];
            records[i] = new SimpleRecord(
                    timestampMs,
                    bytes(keysAndValues[2 * i]),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the log from its start to its end as a consumer would, batch by batch. */
    static List<Read> readAll(PartitionLog log) {
        List<Read> all = new ArrayList<>();
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            LogReadResult result = log.read(offset, 4096, true);
            for (MutableRecordBatch batch : TestRecords.batches(result.records())) {
                if (!batch.isValid()) {
                    throw new AssertionError("batch at " + batch.baseOffset() + " fails its CRC check");
                }
                for (Record record : batch) {
                    if (record.offset() >= offset) {
                        all.add(new Read(record.offset(), text(record.key()), text(record.value())));
                    }
                }
            }
            if (result.nextOffset() <= offset) {
                throw new AssertionError("read at " + offset + " made no progress");
            }
            offset = result.nextOffset();
        }
        return all;
    }

    /** The last value read per key, in order of first appearance. */
    static Map<String, String> lastValues(List<Read> reads) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (Read read : reads) {
            latest.put(read.key(), read.value());
        }
        return latest;
    }

    private static String text(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
