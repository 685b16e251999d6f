package io.brook.gateway.consume;

import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record held for readers, with its JSON rendering per (key format, value format) made once and
 * shared by every reader that asks for the same formats.
 */
public final class FeedRecord {

    private static final int FORMATS = RecordFormat.values().length;

    private final ConsumerRecord<byte[], byte[]> record;
    private final int size;
    private final byte[][] rendered = new byte[FORMATS * FORMATS][];

    public FeedRecord(ConsumerRecord<byte[], byte[]> record) {
        this.record = record;
        this.size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()) + 64;
    }

    /** The last SSE event built from this record, for the next reader at the same cursor. */
    private volatile EventFrame lastFrame;

    private record EventFrame(int slot, int[] partitions, long[] positions, byte[] bytes) {}

    /**
     * This record as a complete SSE {@code record} event whose {@code id} is the cursor at
     * {@code positions} of {@code partitions}: built once and shared by every reader at the same
     * cursor asking for the same formats (live readers of a topic all are). A reader at the shared
     * cursor allocates nothing: the cursor is compared as numbers, and written as text only on a miss.
     */
    public byte[] event(
            RecordRenderer renderer,
            RecordFormat keyFormat,
            RecordFormat valueFormat,
            int[] partitions,
            long[] positions) {
        int slot = keyFormat.ordinal() * FORMATS + valueFormat.ordinal();
        EventFrame frame = lastFrame;
        if (frame != null
                && frame.slot == slot
                && Arrays.equals(frame.positions, positions)
                && Arrays.equals(frame.partitions, partitions)) {
            return frame.bytes;
        }
        String id = Cursor.format(partitions, positions);
        byte[] json = json(renderer, keyFormat, valueFormat);
        byte[] bytes =
                new SseFrames(json.length + id.length() + 32).record(id, json).bytes();
        lastFrame = new EventFrame(slot, partitions, positions.clone(), bytes);
        return bytes;
    }

    public long offset() {
        return record.offset();
    }

    public ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    /** Approximate bytes held, for the ring's byte bound. */
    public int size() {
        return size;
    }

    /**
     * The record as compact UTF-8 JSON (no line breaks) in the given formats; racing readers may
     * both render, harmlessly.
     */
    public byte[] json(RecordRenderer renderer, RecordFormat keyFormat, RecordFormat valueFormat) {
        int slot = keyFormat.ordinal() * FORMATS + valueFormat.ordinal();
        byte[] json = rendered[slot];
        if (json == null) {
            json = renderer.renderJson(record, keyFormat, valueFormat);
            rendered[slot] = json;
        }
        return json;
    }
}
