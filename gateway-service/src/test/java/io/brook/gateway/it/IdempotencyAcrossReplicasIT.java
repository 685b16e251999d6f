package io.brook.gateway.it;

import io.brook.gateway.GatewayApplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A retry sent by a load balancer to another gateway replica writes nothing twice. */
class IdempotencyAcrossReplicasIT extends GatewayTestBase {

    private static ConfigurableApplicationContext otherReplica;
    private static WebTestClient other;

    @BeforeAll
    static void startAnotherReplica() {
        otherReplica = new SpringApplicationBuilder(GatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--brook.gateway.bootstrap-servers=" + SharedBroker.bootstrapServers(),
                        "--brook.gateway.security.enabled=false");
        String port = otherReplica.getEnvironment().getProperty("local.server.port");
        other = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stopTheOtherReplica() {
        if (otherReplica != null) {
            otherReplica.close();
        }
    }

    @Test
    void aRetryOnAnotherReplicaGetsTheFirstAnswer() throws Exception {
        String topic = createTopic("idem-replicas", 1);
        Map<String, Object> body = Map.of("records", List.of(Map.of("value", "once")));
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .header("Idempotency-Key", "payment-7")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offsets[0].offset")
                .isEqualTo(0);
        // A client's retry comes after its timeout; the replicas share answers well within that.
        Thread.sleep(1_000);
        other.post()
                .uri("/v1/topics/{t}/records", topic)
                .header("Idempotency-Key", "payment-7")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offsets[0].offset")
                .isEqualTo(0);
        other.post()
                .uri("/v1/topics/{t}/records", topic)
                .header("Idempotency-Key", "payment-7")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", "different"))))
                .exchange()
                .expectStatus()
                .isEqualTo(422);
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0", topic)
                .exchange()
                .expectBody()
                .jsonPath("$.records.length()")
                .isEqualTo(1);
    }
}
