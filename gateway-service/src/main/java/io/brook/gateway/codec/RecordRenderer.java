package io.brook.gateway.codec;

import io.brook.gateway.api.model.ConsumedRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Renders Kafka records as {@link ConsumedRecord}s, keys and values in the formats a reader asked
 * for, falling back to base64 (and saying so) for bytes the format cannot show.
 */
@Component
public class RecordRenderer {

    private final ObjectMapper json;

    public RecordRenderer(ObjectMapper json) {
        this.json = json;
    }

    public ConsumedRecord render(
            ConsumerRecord<byte[], byte[]> record, RecordFormat keyFormat, RecordFormat valueFormat) {
        JsonNode key = keyFormat.decode(record.key(), json);
        RecordFormat keyFallback = null;
        if (key == null) {
            key = RecordFormat.BASE64.decode(record.key(), json);
            keyFallback = RecordFormat.BASE64;
        }
        JsonNode value = valueFormat.decode(record.value(), json);
        RecordFormat valueFallback = null;
        if (value == null) {
            value = RecordFormat.BASE64.decode(record.value(), json);
            valueFallback = RecordFormat.BASE64;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(
                    header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new ConsumedRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.timestampType().name,
                key,
                value,
                headers,
                keyFallback,
                valueFallback);
    }

    /** The record as compact JSON bytes, the body of an SSE event or an NDJSON line. */
    public byte[] renderJson(ConsumerRecord<byte[], byte[]> record, RecordFormat keyFormat, RecordFormat valueFormat) {
        return json.writeValueAsBytes(render(record, keyFormat, valueFormat));
    }
}
