package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProduceAnswerTest {

    @Test
    void countsOffsetsAndErrors() {
        String body = "{\"offsets\":[{\"partition\":0,\"offset\":12,\"timestamp\":1},"
                + "{\"partition\":2,\"error\":{\"code\":\"REQUEST_TIMED_OUT\",\"message\":\"x\"}},"
                + "{\"partition\":1,\"offset\":0,\"timestamp\":2}]}";

        assertThat(ProduceAnswer.parse(body)).isEqualTo(new ProduceAnswer(2, 1));
    }

    @Test
    void anAnswerWithoutOffsetsCountsNothing() {
        assertThat(ProduceAnswer.parse("{\"offsets\":[]}")).isEqualTo(new ProduceAnswer(0, 0));
    }
}
