package io.brook.gateway.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * How a key or value travels in JSON: {@code json} (the bytes are a JSON document, embedded as
 * is), {@code string} (UTF-8 text) or {@code base64} (any bytes). A JSON {@code null} is a null key
 * or value (a tombstone) in every format.
 */
public enum RecordFormat {
    JSON,
    STRING,
    BASE64;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RecordFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be json, string or base64, not '" + value + "'");
        }
    }

    /** The bytes {@code node} stands for in this format; throws {@link IllegalArgumentException} if it cannot. */
    public byte[] encode(JsonNode node, ObjectMapper json) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return switch (this) {
            case JSON -> json.writeValueAsBytes(node);
            case STRING -> text(node.isString() ? node.asString() : null);
            case BASE64 -> base64(node.isString() ? node.asString() : null);
        };
    }

    /**
     * The bytes {@code raw} stands for in this format; throws {@link IllegalArgumentException} if it
     * cannot. A {@code json} value keeps the client's own JSON text (spacing, escapes and number
     * spelling included): the same JSON value as {@link #encode(JsonNode, ObjectMapper)} gives, not
     * always the same bytes.
     */
    public byte[] encode(RawJson raw) {
        if (raw.isNull()) {
            return null;
        }
        return switch (this) {
            case JSON -> raw.jsonBytes();
            case STRING -> text(raw.text());
            case BASE64 -> base64(raw.text());
        };
    }

    private static byte[] text(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a string-format field must be a JSON string");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] base64(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a base64-format field must be a JSON string");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not valid base64: " + e.getMessage());
        }
    }

    /**
     * {@code bytes} rendered in this format, or {@code null} when they cannot be (not JSON, not
     * UTF-8): the caller then falls back to {@link #BASE64}, which always can.
     */
    public JsonNode decode(byte[] bytes, ObjectMapper json) {
        if (bytes == null) {
            return NullNode.getInstance();
        }
        return switch (this) {
            case JSON -> {
                try {
                    JsonNode tree = json.readTree(bytes);
                    yield tree == null || tree.isMissingNode() ? null : tree;
                } catch (JacksonException e) {
                    yield null;
                }
            }
            case STRING -> {
                try {
                    yield StringNode.valueOf(StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString());
                } catch (CharacterCodingException e) {
                    yield null;
                }
            }
            case BASE64 -> StringNode.valueOf(Base64.getEncoder().encodeToString(bytes));
        };
    }
}
