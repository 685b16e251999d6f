package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BenchRecordsTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 999, 1_999, 2_000, 123_456_789})
    void valuesAreCompactJsonOfTheFixedSizeAndRepeat(long index) {
        String value = BenchRecords.value(index);

        assertThat(BenchRecords.valueBytes(index)).hasSize(BenchRecords.VALUE_SIZE);
        assertThat(value).startsWith("{\"seq\":").endsWith("\"}").doesNotContain(" ", "timestamp");
        assertThat(value).isEqualTo(BenchRecords.value(index + BenchRecords.DISTINCT));
        assertThat(BenchRecords.key(index)).matches("k-\\d{6}");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 500})
    void requestBodyListsTheRecords(int count) {
        String body = new String(BenchRecords.requestBody(10, count), StandardCharsets.US_ASCII);

        assertThat(body).startsWith("{\"records\":[{\"key\":\"k-000010\",\"value\":" + BenchRecords.value(10) + "}");
        assertThat(body).endsWith("}]}");
        assertThat(body.split("\"key\":", -1)).hasSize(count + 1);
    }
}
