package io.brook.gateway.produce;

import io.brook.gateway.api.model.ProduceRequest;
import io.brook.gateway.codec.RawJson;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.produce.ParsedProduceRequest.ParsedRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Reads the body of a JSON produce request (the {@link ProduceRequest} document) with one pass of a
 * streaming parser, building no tree: body bytes → tokens → a {@link ParsedProduceRequest} whose keys
 * and values are {@link RawJson} slices of the body (the token's start offset to the end offset of
 * its last token, after {@code skipChildren()}), plus the decoded text of JSON strings. Because
 * {@code keyFormat} and {@code valueFormat} may follow {@code records}, the slices are turned into
 * bytes only later, by {@link RecordProducer#toKafka(io.brook.gateway.topic.TopicInfo, Integer,
 * ParsedProduceRequest)}.
 *
 * <p>It accepts what Jackson's data binding of {@link ProduceRequest} accepts: unknown fields are
 * skipped, the last of duplicate fields wins, and uncommon spellings of {@code partition},
 * {@code timestamp} and header values (a number as a string, ...) are coerced by the mapper as data
 * binding would. One difference: a {@code json}-format key or value becomes the client's own JSON text
 * (spacing, escapes and number spelling kept) instead of a re-serialised compact form; both are JSON
 * documents of the same value, and big numbers keep every digit. A body that is not such a document
 * fails with a {@link ServerWebInputException} (400 {@code malformed-request}).
 *
 * <p>Stateless and thread-safe.
 */
@Component
public class ProduceRequestParser {

    private final ObjectMapper json;
    private final ObjectReader ints;
    private final ObjectReader longs;
    private final ObjectReader strings;
    private final ObjectReader trees;

    public ProduceRequestParser(ObjectMapper json) {
        this.json = json;
        this.ints = scalarReader(json, Integer.class);
        this.longs = scalarReader(json, Long.class);
        this.strings = scalarReader(json, String.class);
        this.trees = scalarReader(json, JsonNode.class);
    }

    /** The request {@code body} (UTF-8, or any encoding Jackson detects) as a {@link ParsedProduceRequest}. */
    public ParsedProduceRequest parse(byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            ParsedProduceRequest request = request(parser, body);
            if (parser.nextToken() != null) {
                throw mismatch(parser, "Trailing token after the produce request: " + parser.currentToken());
            }
            return request;
        } catch (JacksonException | IllegalArgumentException e) {
            throw new ServerWebInputException("Failed to read HTTP message", null, e);
        }
    }

    private ParsedProduceRequest request(JsonParser parser, byte[] body) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw mismatch(parser, "A produce request must be a JSON object");
        }
        RecordFormat keyFormat = null;
        RecordFormat valueFormat = null;
        List<ParsedRecord> records = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "keyFormat" -> keyFormat = format(parser, token);
                case "valueFormat" -> valueFormat = format(parser, token);
                case "records" -> records = records(parser, token, body);
                default -> parser.skipChildren();
            }
        }
        return new ParsedProduceRequest(keyFormat, valueFormat, records);
    }

    private RecordFormat format(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw mismatch(parser, "A format must be a JSON string, not " + token);
        }
        return RecordFormat.parse(parser.getString());
    }

    private List<ParsedRecord> records(JsonParser parser, JsonToken token, byte[] body) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw mismatch(parser, "records must be a JSON array, not " + token);
        }
        List<ParsedRecord> records = new ArrayList<>();
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element == JsonToken.VALUE_NULL) {
                records.add(null);
            } else if (element == JsonToken.START_OBJECT) {
                records.add(record(parser, body));
            } else {
                throw mismatch(parser, "Each of records must be a JSON object, not " + element);
            }
        }
        return records;
    }

    private ParsedRecord record(JsonParser parser, byte[] body) {
        RawJson key = RawJson.NULL;
        RawJson value = RawJson.NULL;
        Map<String, String> headers = null;
        Integer partition = null;
        Long timestamp = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "key" -> key = raw(parser, token, body);
                case "value" -> value = raw(parser, token, body);
                case "headers" -> headers = headers(parser, token);
                case "partition" -> partition = intValue(parser, token);
                case "timestamp" -> timestamp = longValue(parser, token);
                default -> parser.skipChildren();
            }
        }
        return new ParsedRecord(key, value, headers, partition, timestamp);
    }

    /** The value at the current token as a slice of {@code body}; leaves the parser on its last token. */
    private RawJson raw(JsonParser parser, JsonToken token, byte[] body) {
        if (token == JsonToken.VALUE_NULL) {
            return RawJson.NULL;
        }
        long start = parser.currentTokenLocation().getByteOffset();
        if (start < 0) {
            // A body in UTF-16 or UTF-32 is read as characters, without byte offsets.
            JsonNode node = trees.readTree(parser);
            byte[] bytes = json.writeValueAsBytes(node);
            return new RawJson(bytes, 0, bytes.length, node.isString() ? node.asString() : null);
        }
        String text = null;
        if (token == JsonToken.VALUE_STRING) {
            text = parser.getString(); // also reads the string to its closing quote
        } else {
            parser.skipChildren();
        }
        long end = parser.currentLocation().getByteOffset();
        return new RawJson(body, (int) start, (int) end, text);
    }

    private Integer intValue(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        return ints.readValue(parser);
    }

    private Long longValue(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        return longs.readValue(parser);
    }

    private Map<String, String> headers(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw mismatch(parser, "headers must be a JSON object, not " + token);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken value = parser.nextToken();
            headers.put(
                    name,
                    switch (value) {
                        case VALUE_STRING -> parser.getString();
                        case VALUE_NULL -> null;
                        default -> strings.readValue(parser);
                    });
        }
        return headers;
    }

    private static MismatchedInputException mismatch(JsonParser parser, String message) {
        return MismatchedInputException.from(parser, ProduceRequest.class, message);
    }

    // The parser stays positioned inside the request, so the reader must not look for trailing tokens.
    private static ObjectReader scalarReader(ObjectMapper json, Class<?> type) {
        return json.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
