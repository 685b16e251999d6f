package io.brook.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.BrokerConfig;
import io.brook.broker.BrokerServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The broker as a Spring Boot service: it starts the Kafka listener, serves health and Prometheus metrics, and takes
 * its settings from {@code brook.broker} properties.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BrokerApplicationTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void brokerProperties(DynamicPropertyRegistry registry) {
        registry.add("brook.broker.port", () -> 0);
        registry.add("brook.broker.data-dir", () -> dataDir.toString());
        registry.add("brook.broker.group-consumer-session-timeout", () -> "20s");
        registry.add("brook.broker.group-consumer-heartbeat-interval", () -> "2s");
    }

    @Autowired
    WebTestClient web;

    @Autowired
    BrokerServer broker;

    @Autowired
    BrokerConfig config;

    @Test
    void consumerGroupTimeoutsComeFromTheProperties() {
        assertThat(config.consumerGroupConfig().sessionTimeoutMs()).isEqualTo(20_000);
        assertThat(config.consumerGroupConfig().heartbeatIntervalMs()).isEqualTo(2_000);
    }

    @Test
    void readinessIncludesTheKafkaListener() {
        web.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void prometheusExposesTrafficPerTopicAndApi() throws Exception {
        Map<String, Object> props = Map.of(
                "bootstrap.servers", "127.0.0.1:" + broker.kafkaAddress().getPort(),
                "key.serializer", StringSerializer.class,
                "value.serializer", StringSerializer.class);
        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.send(new ProducerRecord<>("metered", "k", "v")).get(30, TimeUnit.SECONDS);
        }

        String body = web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body)
                .contains("brook_broker_bytes_in_total{application=\"brook-broker\",topic=\"metered\"}")
                .contains("brook_broker_records_in_total{application=\"brook-broker\",topic=\"metered\"} 1.0")
                .contains("brook_broker_requests_seconds_count{api=\"Produce\"")
                .contains("brook_broker_connections");
        assertThat(List.of(body.split("\n")))
                .anyMatch(line -> line.startsWith("brook_broker_requests_seconds_count{api=\"ApiVersions\""));
    }
}
