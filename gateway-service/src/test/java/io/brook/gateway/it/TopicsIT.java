package io.brook.gateway.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class TopicsIT extends GatewayTestBase {

    @Test
    void createsDescribesListsAndDeletesATopic() {
        String name = "topics-" + UUID.randomUUID().toString().substring(0, 8);
        web.post()
                .uri("/v1/topics")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "partitions", 3, "replicationFactor", 1))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location(baseUrl() + "/v1/topics/" + name)
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo(name)
                .jsonPath("$.internal")
                .isEqualTo(false)
                .jsonPath("$.topicId")
                .isNotEmpty()
                .jsonPath("$.partitions.length()")
                .isEqualTo(3)
                .jsonPath("$.partitions[2].partition")
                .isEqualTo(2)
                .jsonPath("$.partitions[0].leader")
                .isNumber()
                .jsonPath("$.partitions[0].replicas.length()")
                .isEqualTo(1)
                .jsonPath("$.partitions[0].isr.length()")
                .isEqualTo(1)
                .jsonPath("$.partitions[0].earliestOffset")
                .isEqualTo(0)
                .jsonPath("$.partitions[0].latestOffset")
                .isEqualTo(0);

        produce(name, 1, 2);
        web.get()
                .uri("/v1/topics/{t}", name)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.partitions[1].earliestOffset")
                .isEqualTo(0)
                .jsonPath("$.partitions[1].latestOffset")
                .isEqualTo(2)
                .jsonPath("$.partitions[0].latestOffset")
                .isEqualTo(0);

        web.get()
                .uri("/v1/topics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == '" + name + "')].partitions")
                .isEqualTo(List.of(3))
                .jsonPath("$[?(@.internal == true)]")
                .isEmpty();

        web.delete()
                .uri("/v1/topics/{t}", name)
                .exchange()
                .expectStatus()
                .isNoContent()
                .expectBody()
                .isEmpty();

        expectProblem(web.get().uri("/v1/topics/{t}", name).exchange(), HttpStatus.NOT_FOUND, "topic-not-found");
        expectProblem(web.delete().uri("/v1/topics/{t}", name).exchange(), HttpStatus.NOT_FOUND, "topic-not-found");
        web.get()
                .uri("/v1/topics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == '" + name + "')]")
                .isEmpty();
        // The produce path forgot the topic along with the delete.
        expectProblem(
                web.post()
                        .uri("/v1/topics/{t}/records", name)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("records", List.of(Map.of("value", 1))))
                        .exchange(),
                HttpStatus.NOT_FOUND,
                "topic-not-found");
    }

    @Test
    void listsInternalTopicsOnlyWhenAsked() throws Exception {
        // Committing an offset makes sure the offsets topic exists.
        String topic = createTopic("topics-internal", 1);
        admin().alterConsumerGroupOffsets(
                        "topics-internal-" + UUID.randomUUID(),
                        Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
                .all()
                .get();
        web.get()
                .uri("/v1/topics?internal=true")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == '__consumer_offsets')].internal")
                .isEqualTo(List.of(true));
        web.get()
                .uri("/v1/topics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name == '__consumer_offsets')]")
                .isEmpty();
    }

    @Test
    void createsWithConfigsAndClusterDefaults() {
        String name = "topics-defaults-" + UUID.randomUUID().toString().substring(0, 8);
        web.post()
                .uri("/v1/topics")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "configs", Map.of("retention.ms", "3600000")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.partitions.length()")
                .isNumber();
        web.get()
                .uri("/v1/topics/{t}/configs", name)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$['retention.ms'].value")
                .isEqualTo("3600000")
                .jsonPath("$['retention.ms'].source")
                .isEqualTo("DYNAMIC_TOPIC_CONFIG")
                .jsonPath("$['retention.ms'].default")
                .isEqualTo(false);
    }

    @Test
    void creatingAnExistingTopicIsAConflict() {
        String topic = createTopic("topics-exists", 1);
        expectProblem(
                web.post()
                        .uri("/v1/topics")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("name", topic, "partitions", 1))
                        .exchange(),
                HttpStatus.CONFLICT,
                "kafka/topic-already-exists");
    }

    @Test
    void invalidCreationsAreBadRequests() {
        String name = "topics-invalid-" + UUID.randomUUID().toString().substring(0, 8);
        expectStatus(Map.of("name", name, "configs", Map.of("no.such.config", "1")), HttpStatus.BAD_REQUEST);
        expectStatus(Map.of("name", name, "configs", Map.of("retention.ms", "soon")), HttpStatus.BAD_REQUEST);
        expectStatus(Map.of("name", name, "partitions", 0), HttpStatus.BAD_REQUEST);
        expectStatus(Map.of("name", name, "replicationFactor", 3), HttpStatus.BAD_REQUEST);
        expectStatus(Map.of("partitions", 1), HttpStatus.BAD_REQUEST);
        expectProblem(web.get().uri("/v1/topics/{t}", name).exchange(), HttpStatus.NOT_FOUND, "topic-not-found");
    }

    @Test
    void showsAndChangesConfigs() throws Exception {
        String topic = "topics-configs-" + UUID.randomUUID().toString().substring(0, 8);
        admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                .all()
                .get();
        web.get()
                .uri("/v1/topics/{t}/configs", topic)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$['cleanup.policy'].value")
                .isEqualTo("compact")
                .jsonPath("$['retention.ms'].source")
                .isEqualTo("DEFAULT_CONFIG")
                .jsonPath("$['retention.ms'].default")
                .isEqualTo(true)
                .jsonPath("$['retention.ms'].readOnly")
                .isEqualTo(false)
                .jsonPath("$['retention.ms'].sensitive")
                .isEqualTo(false);

        web.patch()
                .uri("/v1/topics/{t}/configs", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("set", Map.of("retention.ms", "1000"), "delete", List.of("cleanup.policy")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$['retention.ms'].value")
                .isEqualTo("1000")
                .jsonPath("$['retention.ms'].source")
                .isEqualTo("DYNAMIC_TOPIC_CONFIG")
                .jsonPath("$['cleanup.policy'].value")
                .isEqualTo("delete")
                .jsonPath("$['cleanup.policy'].default")
                .isEqualTo(true);

        expectProblem(patch(topic, Map.of("set", Map.of("no.such.config", "1"))), HttpStatus.BAD_REQUEST, null);
        expectProblem(patch(topic, Map.of("set", Map.of("retention.ms", "soon"))), HttpStatus.BAD_REQUEST, null);
        expectProblem(patch(topic, Map.of("set", Map.of())), HttpStatus.BAD_REQUEST, "bad-request");
        web.get()
                .uri("/v1/topics/{t}/configs", topic)
                .exchange()
                .expectBody()
                .jsonPath("$['retention.ms'].value")
                .isEqualTo("1000")
                .jsonPath("$['no.such.config']")
                .doesNotExist();

        expectProblem(
                web.get().uri("/v1/topics/{t}/configs", "no-such-topic-c").exchange(),
                HttpStatus.NOT_FOUND,
                "topic-not-found");
        expectProblem(
                patch("no-such-topic-c", Map.of("set", Map.of("retention.ms", "1000"))),
                HttpStatus.NOT_FOUND,
                "topic-not-found");
    }

    @Test
    void addsPartitions() {
        String topic = createTopic("topics-grow", 2);
        // The produce path caches the topic's two partitions.
        produceThroughGateway(topic, 1)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$")
                .exists();

        web.post()
                .uri("/v1/topics/{t}/partitions", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("count", 5))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.partitions.length()")
                .isEqualTo(5)
                .jsonPath("$.partitions[4].latestOffset")
                .isEqualTo(0);
        produceThroughGateway(topic, 4)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offsets[0].partition")
                .isEqualTo(4);

        expectProblem(grow(topic, 3), HttpStatus.BAD_REQUEST, "kafka/invalid-partitions");
        expectProblem(grow(topic, null), HttpStatus.BAD_REQUEST, "bad-request");
        expectProblem(grow("no-such-topic-g", 3), HttpStatus.NOT_FOUND, "topic-not-found");
    }

    @Test
    void documentsTheAdminEndpoints() {
        web.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/v1/topics'].post.tags[0]")
                .isEqualTo("topics")
                .jsonPath("$.paths['/v1/topics/{topic}/configs'].patch.summary")
                .isNotEmpty()
                .jsonPath("$.paths['/v1/groups/{group}/offsets/reset'].post.tags[0]")
                .isEqualTo("groups")
                .jsonPath("$.paths['/v1/groups/{group}/events'].get.responses['200'].content['text/event-stream']"
                        + ".schema['$ref']")
                .isEqualTo("#/components/schemas/ConsumedRecord");
    }

    private WebTestClient.ResponseSpec grow(String topic, Integer count) {
        Map<String, Object> body = new HashMap<>();
        body.put("count", count);
        return web.post()
                .uri("/v1/topics/{t}/partitions", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec patch(String topic, Map<String, Object> body) {
        return web.patch()
                .uri("/v1/topics/{t}/configs", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec produceThroughGateway(String topic, int partition) {
        return web.post()
                .uri("/v1/topics/{t}/records", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", 1, "partition", partition))))
                .exchange();
    }

    private void produce(String topic, int partition, int count) {
        for (int i = 0; i < count; i++) {
            produceThroughGateway(topic, partition)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$")
                    .exists();
        }
    }

    private void expectStatus(Map<String, Object> body, HttpStatus status) {
        expectProblem(
                web.post()
                        .uri("/v1/topics")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                status,
                null);
    }

    /** Checks a problem+json answer; {@code type} is the part after the problem base URI, null for any. */
    static void expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String type) {
        WebTestClient.BodyContentSpec body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status.value());
        if (type != null) {
            body.jsonPath("$.type").isEqualTo("https://brook.io/problems/" + type);
        }
    }
}
