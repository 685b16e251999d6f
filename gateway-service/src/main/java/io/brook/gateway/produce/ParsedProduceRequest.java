package io.brook.gateway.produce;

import io.brook.gateway.codec.RawJson;
import io.brook.gateway.codec.RecordFormat;
import java.util.List;
import java.util.Map;

/**
 * A JSON produce request as {@link ProduceRequestParser} read it, before it is checked against the
 * topic: the formats as given ({@code null} when absent) and the records, whose keys and values are
 * still {@link RawJson} slices of the body because the formats may come after the records.
 *
 * @param records the records, a {@code null} element for a JSON {@code null}; {@code null} when the
 *     body has no {@code records} (or a {@code null} one)
 */
public record ParsedProduceRequest(RecordFormat keyFormat, RecordFormat valueFormat, List<ParsedRecord> records) {

    /** Whether the request lists no record at all. */
    public boolean isEmpty() {
        return records == null || records.isEmpty();
    }

    /**
     * One record as written, every field optional.
     *
     * @param headers header values as written, {@code null} when absent
     */
    public record ParsedRecord(
            RawJson key, RawJson value, Map<String, String> headers, Integer partition, Long timestamp) {}
}
