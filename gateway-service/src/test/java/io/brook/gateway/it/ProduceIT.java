package io.brook.gateway.it;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ProduceIT extends GatewayTestBase {

    @Test
    void producesABatchAndAnswersOffsetsInOrder() {
        String topic = createTopic("produce", 3);
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "records",
                        List.of(
                                Map.of("key", "a", "value", Map.of("n", 1), "partition", 1),
                                Map.of("key", "b", "value", "text", "partition", 1),
                                Map.of("value", List.of(1, 2), "partition", 2))))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offsets.length()")
                .isEqualTo(3)
                .jsonPath("$.offsets[0].partition")
                .isEqualTo(1)
                .jsonPath("$.offsets[0].offset")
                .isEqualTo(0)
                .jsonPath("$.offsets[1].offset")
                .isEqualTo(1)
                .jsonPath("$.offsets[2].partition")
                .isEqualTo(2)
                .jsonPath("$.offsets[0].error")
                .doesNotExist();
    }

    @Test
    void unknownTopicIsAProblem404() {
        web.post()
                .uri("/v1/topics/{t}/records", "no-such-topic-x")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 1))))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/topic-not-found");
    }

    @Test
    void malformedJsonIsAProblem400() {
        String topic = createTopic("produce-bad", 1);
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"records\": [")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
