package io.brook.gateway.consume;

import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record held for readers, with its JSON rendering per (key format, value format) made once and
 * shared by every reader that asks for the same formats.
 */
public final class FeedRecord {

    private static final int FORMATS = RecordFormat.values().length;

    private final ConsumerRecord<byte[], byte[]> record;
    private final int size;
    private final String[] rendered = new String[FORMATS * FORMATS];

    public FeedRecord(ConsumerRecord<byte[], byte[]> record) {
        this.record = record;
        this.size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize()) + 64;
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

    /** The record as compact JSON in the given formats; racing readers may both render, harmlessly. */
    public String json(RecordRenderer renderer, RecordFormat keyFormat, RecordFormat valueFormat) {
        int slot = keyFormat.ordinal() * FORMATS + valueFormat.ordinal();
        String json = rendered[slot];
        if (json == null) {
            json = renderer.renderJsonText(record, keyFormat, valueFormat);
            rendered[slot] = json;
        }
        return json;
    }
}
