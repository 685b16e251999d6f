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

    @Test
    void anIdempotencyKeyMakesARetryWriteNothingTwice() {
        String topic = createTopic("produce-idem", 1);
        Map<String, Object> body = Map.of("records", List.of(Map.of("value", 1), Map.of("value", 2)));
        for (int attempt = 0; attempt < 3; attempt++) {
            web.post()
                    .uri("/v1/topics/{t}/records", topic)
                    .header("Idempotency-Key", "order-42")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.offsets[0].offset")
                    .isEqualTo(0)
                    .jsonPath("$.offsets[1].offset")
                    .isEqualTo(1);
        }
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0", topic)
                .exchange()
                .expectBody()
                .jsonPath("$.records.length()")
                .isEqualTo(2);
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .header("Idempotency-Key", "order-42")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 3))))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/idempotency-key-reused");
    }

    @Test
    void formatsHeadersTimestampAndPartitionPathRoundTrip() {
        String topic = createTopic("produce-formats", 2);
        web.post()
                .uri("/v1/topics/{t}/partitions/1/records?acks=1", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "keyFormat",
                        "base64",
                        "valueFormat",
                        "string",
                        "records",
                        List.of(Map.of(
                                "key", "AAEC", "value", "plain text", "headers", Map.of("h", "v"), "timestamp", 1234))))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offsets[0].partition")
                .isEqualTo(1);
        web.get()
                .uri("/v1/topics/{t}/partitions/1/records?offset=0&keyFormat=base64&valueFormat=string", topic)
                .exchange()
                .expectBody()
                .jsonPath("$.records[0].key")
                .isEqualTo("AAEC")
                .jsonPath("$.records[0].value")
                .isEqualTo("plain text")
                .jsonPath("$.records[0].headers.h")
                .isEqualTo("v")
                .jsonPath("$.records[0].timestamp")
                .isEqualTo(1234);
    }

    @Test
    void badRecordsFailTheWholeRequestAndWriteNothing() {
        String topic = createTopic("produce-invalid", 2);
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 1), Map.of("key", 5, "value", 2))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("records[1].key"));
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 1, "partition", 9))))
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/v1/topics/{t}/records?acks=7", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 1))))
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of()))
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0", topic)
                .exchange()
                .expectBody()
                .jsonPath("$.records.length()")
                .isEqualTo(0);
    }

    @Test
    void ndjsonStreamsOneResultPerRecordInOrder() {
        String topic = createTopic("produce-ndjson", 1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            lines.append("{\"key\":\"k")
                    .append(i)
                    .append("\",\"value\":{\"n\":")
                    .append(i)
                    .append("}}\n");
        }
        List<String> results = web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_NDJSON)
                .accept(MediaType.APPLICATION_NDJSON)
                .bodyValue(lines.toString())
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(java.time.Duration.ofSeconds(30));
        String joined = String.join("\n", results);
        String[] outcomes = joined.lines().filter(line -> !line.isBlank()).toArray(String[]::new);
        org.assertj.core.api.Assertions.assertThat(outcomes).hasSize(500);
        for (int i = 0; i < outcomes.length; i++) {
            org.assertj.core.api.Assertions.assertThat(outcomes[i]).contains("\"offset\":" + i + ",");
        }
    }

    @Test
    void prometheusShowsGatewayMeters() {
        String topic = createTopic("produce-metrics", 1);
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 1))))
                .exchange()
                .expectStatus()
                .isOk();
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(text -> org.assertj.core.api.Assertions.assertThat(text)
                        .contains("brook_gateway_records_produced_total")
                        .contains("brook_gateway_sse_connections")
                        .contains("http_server_requests_seconds"));
    }
}
