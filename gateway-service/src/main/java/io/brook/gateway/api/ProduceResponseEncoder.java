package io.brook.gateway.api;

import io.brook.gateway.api.model.ProduceError;
import io.brook.gateway.api.model.ProduceResponse;
import io.brook.gateway.api.model.RecordOffset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.Encoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;

/**
 * Writes {@link ProduceResponse} JSON by hand: the answer of a batch holds one small object per
 * record, and a general-purpose serializer spent a quarter of the gateway's CPU on it in the
 * produce benchmark. The output is what Jackson writes for the same records (absent fields left out).
 */
public final class ProduceResponseEncoder implements Encoder<ProduceResponse> {

    private static final List<MimeType> TYPES = List.of(MediaType.APPLICATION_JSON);

    @Override
    public boolean canEncode(ResolvableType elementType, MimeType mimeType) {
        return ProduceResponse.class.equals(elementType.toClass())
                && (mimeType == null || MediaType.APPLICATION_JSON.isCompatibleWith(mimeType));
    }

    @Override
    public Flux<DataBuffer> encode(
            Publisher<? extends ProduceResponse> input,
            DataBufferFactory factory,
            ResolvableType elementType,
            MimeType mimeType,
            Map<String, Object> hints) {
        return Flux.from(input).map(response -> encodeValue(response, factory, elementType, mimeType, hints));
    }

    @Override
    public DataBuffer encodeValue(
            ProduceResponse response,
            DataBufferFactory factory,
            ResolvableType valueType,
            MimeType mimeType,
            Map<String, Object> hints) {
        return factory.wrap(json(response));
    }

    @Override
    public List<MimeType> getEncodableMimeTypes() {
        return TYPES;
    }

    /** The response as UTF-8 JSON. */
    static byte[] json(ProduceResponse response) {
        List<RecordOffset> offsets = response.offsets();
        StringBuilder out = new StringBuilder(16 + offsets.size() * 56);
        out.append("{\"offsets\":[");
        for (int i = 0; i < offsets.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            RecordOffset offset = offsets.get(i);
            char separator = '{';
            if (offset.partition() != null) {
                out.append(separator)
                        .append("\"partition\":")
                        .append(offset.partition().intValue());
                separator = ',';
            }
            if (offset.offset() != null) {
                out.append(separator)
                        .append("\"offset\":")
                        .append(offset.offset().longValue());
                separator = ',';
            }
            if (offset.timestamp() != null) {
                out.append(separator)
                        .append("\"timestamp\":")
                        .append(offset.timestamp().longValue());
                separator = ',';
            }
            ProduceError error = offset.error();
            if (error != null) {
                out.append(separator).append("\"error\":{\"code\":");
                string(out, error.code());
                out.append(",\"message\":");
                string(out, error.message());
                out.append('}');
                separator = ',';
            }
            if (separator == '{') {
                out.append('{');
            }
            out.append('}');
        }
        out.append("]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String text) {
        if (text == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
