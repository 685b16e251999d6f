package io.brook.gateway.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.gateway.api.model.ProduceRecord;
import io.brook.gateway.api.model.ProduceRequest;
import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.topic.TopicInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class ProduceRequestParserTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TopicInfo TOPIC = new TopicInfo("t", 3);

    private final ProduceRequestParser parser = new ProduceRequestParser(JSON);
    private final RecordProducer producer = new RecordProducer(null, JSON);

    @Test
    void jsonValuesAreTheExactTextOfTheBody() {
        String value = "{ \"a\" : [1, {\"b\": null}, [] ], \"c\": \"x\\\"y}\", \"d\": {} }";
        List<ProducerRecord<byte[], byte[]>> records =
                toKafka("{\"records\":[{\"key\":\"k\",\"value\": " + value + " }]}");
        assertThat(text(records.get(0).value())).isEqualTo(value);
        assertThat(text(records.get(0).key())).isEqualTo("k");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "12",
                "-1.5e10",
                "0",
                "true",
                "false",
                "\"text\"",
                "\"caf\\u00e9 \\ud83d\\ude00 \\n \\\\ \\/\"",
                "\"café 😀\"",
                "[]",
                "{}",
                "[[[[{\"deep\":[1,[2,[3]]]}]]]]",
                "123456789012345678901234567890123456789012345678901234567890.123456789e-400",
                "-98765432109876543210987654321e99999"
            })
    void everyJsonValueIsSlicedWhateverFollowsIt(String value) {
        for (String body : List.of(
                "{\"records\":[{\"value\":" + value + "}]}",
                "{\"records\":[{\"value\":" + value + " }]}",
                "{\"records\":[{\"value\":" + value + ",\"key\":\"k\"}]}",
                "{\"records\":[{\"value\":\n\t" + value + "\n}\n]\n}\n",
                "{\"records\":[{\"value\":" + value + "}, {\"value\":" + value + "}]}")) {
            List<ProducerRecord<byte[], byte[]>> records = toKafka(body);
            for (ProducerRecord<byte[], byte[]> record : records) {
                assertThat(text(record.value())).as(body).isEqualTo(value);
                assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree(value));
            }
        }
    }

    @Test
    void stringFormatIsTheDecodedTextAsUtf8() {
        String body = "{\"valueFormat\":\"string\",\"records\":["
                + "{\"key\":\"caf\\u00e9 \\ud83d\\ude00\",\"value\":\"line\\nbreak \\\"quoted\\\" \\t tab\"},"
                + "{\"key\":\"été 😀\",\"value\":\"\"}]}";
        List<ProducerRecord<byte[], byte[]>> records = toKafka(body);
        assertThat(text(records.get(0).key())).isEqualTo("café 😀");
        assertThat(text(records.get(0).value())).isEqualTo("line\nbreak \"quoted\" \t tab");
        assertThat(text(records.get(1).key())).isEqualTo("été 😀");
        assertThat(records.get(1).value()).isEmpty();
    }

    @Test
    void base64FormatIsTheDecodedBytes() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80};
        String encoded = Base64.getEncoder().encodeToString(bytes);
        List<ProducerRecord<byte[], byte[]>> records = toKafka("{\"keyFormat\":\"base64\",\"valueFormat\":\"BASE64\","
                + "\"records\":[{\"key\":\"" + encoded + "\",\"value\":\"" + encoded + "\"}]}");
        assertThat(records.get(0).key()).isEqualTo(bytes);
        assertThat(records.get(0).value()).isEqualTo(bytes);
    }

    @Test
    void formatsAfterTheRecordsApplyToThem() {
        List<ProducerRecord<byte[], byte[]>> records = toKafka("{\"records\":[{\"key\":{\"id\":1},\"value\":\"AAEC\"}],"
                + "\"valueFormat\":\"base64\",\"keyFormat\":\"json\"}");
        assertThat(text(records.get(0).key())).isEqualTo("{\"id\":1}");
        assertThat(records.get(0).value()).isEqualTo(new byte[] {0, 1, 2});
    }

    @Test
    void jsonKeyFormatKeepsAStringKeyQuoted() {
        List<ProducerRecord<byte[], byte[]>> records =
                toKafka("{\"keyFormat\":\"json\",\"records\":[{\"key\":\"a\\u0062\",\"value\":1}]}");
        assertThat(text(records.get(0).key())).isEqualTo("\"a\\u0062\"");
        assertThat(JSON.readTree(records.get(0).key()).asString()).isEqualTo("ab");
    }

    @Test
    void blankOrNullFormatsAreTheDefaults() {
        List<ProducerRecord<byte[], byte[]>> records =
                toKafka("{\"keyFormat\":\" \",\"valueFormat\":null,\"records\":[{\"key\":\"k\",\"value\":\"v\"}]}");
        assertThat(text(records.get(0).key())).isEqualTo("k");
        assertThat(text(records.get(0).value())).isEqualTo("\"v\"");
    }

    @Test
    void nullOrAbsentKeysAndValuesAreNullBytes() {
        List<ProducerRecord<byte[], byte[]>> records =
                toKafka("{\"valueFormat\":\"base64\",\"records\":[{\"key\":null,\"value\":null},{}]}");
        for (ProducerRecord<byte[], byte[]> record : records) {
            assertThat(record.key()).isNull();
            assertThat(record.value()).isNull();
            assertThat(record.partition()).isNull();
            assertThat(record.timestamp()).isNull();
            assertThat(record.headers().toArray()).isEmpty();
        }
    }

    @Test
    void unknownFieldsAreSkippedWhereverTheyAre() {
        List<ProducerRecord<byte[], byte[]>> records = toKafka("{\"extra\":{\"records\":[1]},\"more\":[{\"x\":1}],"
                + "\"records\":[{\"other\":{\"value\":2},\"value\":1,\"tail\":[[]]}],\"last\":null}");
        assertThat(records).hasSize(1);
        assertThat(text(records.get(0).value())).isEqualTo("1");
    }

    @Test
    void headersPartitionAndTimestampAreRead() {
        List<ProducerRecord<byte[], byte[]>> records = toKafka("{\"records\":[{\"value\":1,\"partition\":2,"
                + "\"timestamp\":1234,\"headers\":{\"h\":\"v\\u00e9\",\"n\":null,\"i\":5,\"h2\":\"\"}},"
                + "{\"value\":2,\"partition\":\"1\",\"timestamp\":\"99\"}]}");
        ProducerRecord<byte[], byte[]> first = records.get(0);
        assertThat(first.partition()).isEqualTo(2);
        assertThat(first.timestamp()).isEqualTo(1234L);
        List<String> headers = new ArrayList<>();
        for (Header header : first.headers()) {
            headers.add(header.key() + "=" + (header.value() == null ? "null" : text(header.value())));
        }
        assertThat(headers).containsExactly("h=vé", "n=null", "i=5", "h2=");
        assertThat(records.get(1).partition()).isEqualTo(1);
        assertThat(records.get(1).timestamp()).isEqualTo(99L);
    }

    @Test
    void theLastOfDuplicateFieldsWins() {
        List<ProducerRecord<byte[], byte[]>> records =
                toKafka("{\"records\":[{\"value\":1}],\"records\":[{\"value\":2,\"value\":3}]}");
        assertThat(records).hasSize(1);
        assertThat(text(records.get(0).value())).isEqualTo("3");
    }

    @Test
    void noRecordsIsAnEmptyRequest() {
        assertThat(parser.parse(bytes("{}")).isEmpty()).isTrue();
        assertThat(parser.parse(bytes("{\"records\":null}")).isEmpty()).isTrue();
        assertThat(parser.parse(bytes("{\"records\":[]}")).isEmpty()).isTrue();
    }

    @Test
    void invalidRecordsAreNamedByIndex() {
        assertInvalid("{\"records\":[{\"value\":1},{\"key\":5,\"value\":2}]}", "records[1].key: a string-format field");
        assertInvalid(
                "{\"records\":[{\"key\":[\"a\"]}]}", "records[0].key: a string-format field must be a JSON string");
        assertInvalid(
                "{\"valueFormat\":\"base64\",\"records\":[{\"value\":{}}]}",
                "records[0].value: a base64-format field must be a JSON string");
        assertInvalid(
                "{\"valueFormat\":\"base64\",\"records\":[{\"value\":\"!!\"}]}",
                "records[0].value: not valid base64: ");
        assertInvalid(
                "{\"valueFormat\":\"string\",\"records\":[{\"value\":\"ok\"},{\"value\":2}]}",
                "records[1].value: a string-format field must be a JSON string");
        assertInvalid("{\"records\":[{\"value\":1},null]}", "records[1] is null");
        assertInvalid("{\"records\":[{\"value\":1,\"timestamp\":-1}]}", "records[0].timestamp must not be negative");
    }

    @Test
    void partitionsAreCheckedAgainstTheTopicAndThePath() {
        ParsedProduceRequest outOfRange = parser.parse(bytes("{\"records\":[{\"value\":1,\"partition\":9}]}"));
        assertThatThrownBy(() -> producer.toKafka(TOPIC, null, outOfRange))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getBody().getType().toString())
                                .endsWith("partition-not-found"));
        ParsedProduceRequest differs = parser.parse(bytes("{\"records\":[{\"value\":1,\"partition\":1}]}"));
        assertThatThrownBy(() -> producer.toKafka(TOPIC, 2, differs))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getBody().getDetail())
                                .isEqualTo("records[0].partition differs from the partition in the path"));
        assertThatThrownBy(() -> producer.toKafka(TOPIC, 7, differs))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getBody().getDetail()).contains("not 7"));
        assertThat(producer.toKafka(TOPIC, 1, differs).get(0).partition()).isEqualTo(1);
        ParsedProduceRequest unset = parser.parse(bytes("{\"records\":[{\"value\":1}]}"));
        assertThat(producer.toKafka(TOPIC, 2, unset).get(0).partition()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{\"records\": [",
                "{\"records\": [{\"value\": {\"a\":1]}]}",
                "{\"records\": [{\"value\": tru}]}",
                "{\"records\": [{\"value\": 01}]}",
                "{\"records\": [{\"value\": \"unterminated}]}",
                "{\"records\": [{\"value\": 1}]} {}",
                "{\"records\": [{\"value\": 1}]} x",
                "[{\"value\": 1}]",
                "null",
                "\"records\"",
                "{\"records\": {\"value\": 1}}",
                "{\"records\": \"x\"}",
                "{\"records\": [1]}",
                "{\"records\": [[{\"value\": 1}]]}",
                "{\"valueFormat\": \"xml\", \"records\": [{\"value\": 1}]}",
                "{\"valueFormat\": 3, \"records\": [{\"value\": 1}]}",
                "{\"keyFormat\": {}, \"records\": [{\"value\": 1}]}",
                "{\"records\": [{\"value\": 1, \"partition\": 99999999999}]}",
                "{\"records\": [{\"value\": 1, \"partition\": \"one\"}]}",
                "{\"records\": [{\"value\": 1, \"partition\": [1]}]}",
                "{\"records\": [{\"value\": 1, \"timestamp\": 123456789012345678901234567890}]}",
                "{\"records\": [{\"value\": 1, \"timestamp\": {}}]}",
                "{\"records\": [{\"value\": 1, \"headers\": [\"h\"]}]}",
                "{\"records\": [{\"value\": 1, \"headers\": {\"h\": {\"x\": 1}}}]}",
                "{\"records\": [{\"value\": 1}], \"records\"}"
            })
    void malformedBodiesAreMalformedRequests(String body) {
        assertThatThrownBy(() -> parser.parse(bytes(body)))
                .isInstanceOf(ServerWebInputException.class)
                .hasMessageContaining("Failed to read HTTP message");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] body = bytes("{\"records\":[{\"value\":\"xx\"}]}");
        body[body.length - 6] = (byte) 0xff;
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(ServerWebInputException.class);
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] text = bytes("{\"records\":[{\"value\":{\"é\":1}}]}");
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xef;
        body[1] = (byte) 0xbb;
        body[2] = (byte) 0xbf;
        System.arraycopy(text, 0, body, 3, text.length);
        assertThat(text(producer.toKafka(TOPIC, null, parser.parse(body)).get(0).value()))
                .isEqualTo("{\"é\":1}");
    }

    @Test
    void utf16BodiesAreReadThroughATree() {
        byte[] body =
                "{\"records\":[{\"key\":\"ké\",\"value\":{\"a\": [1, \"é\"]}}]}".getBytes(StandardCharsets.UTF_16BE);
        ProducerRecord<byte[], byte[]> record =
                producer.toKafka(TOPIC, null, parser.parse(body)).get(0);
        assertThat(text(record.key())).isEqualTo("ké");
        assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree("{\"a\":[1,\"é\"]}"));
    }

    @Test
    void givesTheSameRecordsAsTheTreeOfTheRequest() {
        String body = "{\"records\":[{\"key\":\"a\",\"value\":{\"n\":1,\"s\":\"t\\u00e9\",\"l\":[1.5,true,null]},"
                + "\"partition\":1,\"headers\":{\"h\":\"v\"}},{\"key\":\"b\",\"value\":\"text\",\"timestamp\":7},"
                + "{\"value\":[1,2]},{\"key\":null}]}";
        ProduceRequest tree = JSON.readValue(body, ProduceRequest.class);
        List<ProducerRecord<byte[], byte[]>> parsed = toKafka(body);
        assertThat(parsed).hasSize(tree.records().size());
        for (int i = 0; i < parsed.size(); i++) {
            ProduceRecord record = tree.records().get(i);
            ProducerRecord<byte[], byte[]> expected =
                    producer.toKafka(TOPIC, null, record, RecordFormat.STRING, RecordFormat.JSON, i);
            ProducerRecord<byte[], byte[]> actual = parsed.get(i);
            assertThat(actual.key()).isEqualTo(expected.key());
            assertThat(actual.value() == null ? null : JSON.readTree(actual.value()))
                    .isEqualTo(expected.value() == null ? null : JSON.readTree(expected.value()));
            assertThat(actual.partition()).isEqualTo(expected.partition());
            assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
            assertThat(actual.headers()).isEqualTo(expected.headers());
        }
    }

    @Test
    void aLargeBatchKeepsEveryRecordInOrder() {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 500; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"key\":\"k")
                    .append(i)
                    .append("\",\"value\":{\"n\":")
                    .append(i)
                    .append(",\"pad\":\"")
                    .append("x".repeat(i % 70))
                    .append("\"}}");
        }
        List<ProducerRecord<byte[], byte[]>> records = toKafka(body.append("]}").toString());
        assertThat(records).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(text(records.get(i).key())).isEqualTo("k" + i);
            assertThat(text(records.get(i).value()))
                    .isEqualTo("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 70) + "\"}");
        }
    }

    private List<ProducerRecord<byte[], byte[]>> toKafka(String body) {
        return producer.toKafka(TOPIC, null, parser.parse(bytes(body)));
    }

    private void assertInvalid(String body, String detail) {
        ParsedProduceRequest request = parser.parse(bytes(body));
        assertThatThrownBy(() -> producer.toKafka(TOPIC, null, request))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getBody().getDetail()).startsWith(detail);
                    assertThat(problem.getBody().getType().toString()).endsWith("invalid-record");
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
