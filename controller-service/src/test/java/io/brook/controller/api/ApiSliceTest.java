package io.brook.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import io.brook.controller.control.AdminOperations;
import io.brook.controller.control.BrokerLifecycleManager;
import io.brook.controller.control.ControlResult;
import io.brook.controller.quorum.ControllerQuorum;
import io.brook.controller.quorum.QuorumConfig;
import io.brook.controller.quorum.Voter;
import io.brook.metadata.ClusterState;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The web layer alone, engines mocked: statuses, bodies and problem documents. */
@WebFluxTest(controllers = {TopicsController.class, BrokersController.class})
@Import(ControlResults.class)
class ApiSliceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Autowired
    WebTestClient web;

    @MockitoBean
    AdminOperations admin;

    @MockitoBean
    BrokerLifecycleManager lifecycle;

    @MockitoBean
    ControllerQuorum quorum;

    @BeforeEach
    void quorumOfThree() {
        List<Voter> voters = Voter.parseList("1@10.0.0.1:9190:9191,2@10.0.0.2:9290:9291,3@10.0.0.3:9390:9391");
        Duration ms = Duration.ofMillis(1);
        when(quorum.config())
                .thenReturn(new QuorumConfig(1, "c", voters, Path.of("x"), ms, ms.multipliedBy(2), ms, 1, 1));
        when(quorum.leaderId()).thenReturn(Optional.of(3));
        when(quorum.leaderHttpUrl()).thenReturn(Optional.of("http://10.0.0.3:9391"));
        when(quorum.state()).thenReturn(ClusterState.empty("c"));
    }

    @Test
    void createdTopicIsAnswered201WithItsLocation() {
        TopicState topic = new TopicState(
                "orders", "id-1", Map.of(), List.of(new PartitionState(0, List.of(1), List.of(1), 1, 0, 0)));
        when(admin.createTopic(eq("orders"), eq(1), eq(-1), any(), eq(false)))
                .thenReturn(done(ControlResult.ok(topic)));

        web.post()
                .uri("/v1/topics")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"orders\",\"partitions\":1}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/v1/topics/orders")
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo("id-1")
                .jsonPath("$.partitions[0].leader")
                .isEqualTo(1);
    }

    @Test
    void heartbeatToAFollowerIs421WithTheLeadersUrl() {
        when(lifecycle.heartbeat(1, 5, 5, false))
                .thenReturn(done(ControlResult.failed(Errors.NOT_CONTROLLER, "not the active controller")));

        web.post()
                .uri("/internal/v1/brokers/1/heartbeat")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"brokerEpoch\":5,\"appliedIndex\":5,\"shuttingDown\":false}")
                .exchange()
                .expectStatus()
                .isEqualTo(421)
                .expectHeader()
                .contentTypeCompatibleWith(PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/not-controller")
                .jsonPath("$.kafkaError")
                .isEqualTo("NOT_CONTROLLER")
                .jsonPath("$.leaderUrl")
                .isEqualTo("http://10.0.0.3:9391")
                .jsonPath("$.instance")
                .isEqualTo("/internal/v1/brokers/1/heartbeat");
    }

    @Test
    void staleEpochIs409() {
        when(lifecycle.heartbeat(anyInt(), eq(4L), eq(9L), anyBoolean()))
                .thenReturn(done(ControlResult.failed(Errors.STALE_BROKER_EPOCH, "register again")));

        web.post()
                .uri("/internal/v1/brokers/2/heartbeat")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"brokerEpoch\":4,\"appliedIndex\":9}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.kafkaError")
                .isEqualTo("STALE_BROKER_EPOCH")
                .jsonPath("$.detail")
                .isEqualTo("register again")
                .jsonPath("$.leaderUrl")
                .doesNotExist();
    }

    @Test
    void incompleteRegistrationIs400NamingTheField() {
        web.post()
                .uri("/internal/v1/brokers")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"brokerId\":1,\"incarnationId\":\"x\",\"port\":9092}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/invalid-request-body")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("host"));
    }

    @Test
    void timeoutIs504() {
        when(admin.deleteTopic("slow"))
                .thenReturn(done(ControlResult.failed(Errors.REQUEST_TIMED_OUT, "not committed within 5000 ms")));

        web.delete()
                .uri("/v1/topics/slow")
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/request-timed-out");
    }

    @Test
    void unknownTopicAndBrokerAre404() {
        web.get()
                .uri("/v1/topics/nope")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.kafkaError")
                .isEqualTo("UNKNOWN_TOPIC_OR_PARTITION");
        web.get()
                .uri("/v1/brokers/8")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/broker-not-found");
    }

    private static <T> CompletableFuture<ControlResult<T>> done(ControlResult<T> result) {
        return CompletableFuture.completedFuture(result);
    }
}
