package io.brook.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebInputException;

class ProblemMapperTest {

    @ParameterizedTest
    @CsvSource({
        "UNKNOWN_TOPIC_OR_PARTITION, 404, unknown-topic-or-partition",
        "TOPIC_ALREADY_EXISTS, 409, topic-already-exists",
        "STALE_BROKER_EPOCH, 409, stale-broker-epoch",
        "INVALID_TOPIC_EXCEPTION, 400, invalid-topic-exception",
        "INVALID_PARTITIONS, 400, invalid-partitions",
        "INVALID_REPLICATION_FACTOR, 400, invalid-replication-factor",
        "INVALID_CONFIG, 400, invalid-config",
        "INVALID_REQUEST, 400, invalid-request",
        "NOT_CONTROLLER, 421, not-controller",
        "REQUEST_TIMED_OUT, 504, request-timed-out",
        "UNKNOWN_SERVER_ERROR, 500, unknown-server-error",
    })
    void kafkaErrorsHaveAStatusAndAStableType(Errors error, int status, String slug) {
        ProblemDetail problem = ProblemMapper.kafkaProblem(error, "why", null);

        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getType()).hasToString("https://brook.io/problems/" + slug);
        assertThat(problem.getDetail()).isEqualTo("why");
        assertThat(problem.getProperties()).containsEntry("kafkaError", error.name());
    }

    @Test
    void notControllerNamesTheLeader() {
        ProblemDetail problem = ProblemMapper.kafkaProblem(Errors.NOT_CONTROLLER, null, "http://10.0.0.2:9291");

        assertThat(problem.getProperties()).containsEntry("leaderUrl", "http://10.0.0.2:9291");
        assertThat(problem.getDetail()).isEqualTo(Errors.NOT_CONTROLLER.message());
        assertThat(problem.getTitle()).isEqualTo("Not controller");
    }

    @Test
    void kafkaExceptionsAreMappedThroughTheirError() {
        ProblemDetail problem =
                ProblemMapper.toProblem(new CompletionException(new TopicExistsException("Topic 'x' already exists.")));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getProperties()).containsEntry("kafkaError", "TOPIC_ALREADY_EXISTS");
    }

    @Test
    void unreadableBodyIsAMalformedRequest() {
        ProblemDetail problem = ProblemMapper.toProblem(new ServerWebInputException(
                "Failed to read HTTP message", null, new IllegalStateException("bad json")));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getType()).hasToString("https://brook.io/problems/malformed-request");
        assertThat(problem.getDetail()).contains("bad json");
    }

    @Test
    void unknownFailuresRevealNothing() {
        ProblemDetail problem = ProblemMapper.toProblem(new IllegalStateException("secret internals"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("secret");
    }

    @Test
    void documentIsFlat() {
        ProblemDetail problem = ProblemMapper.kafkaProblem(Errors.NOT_CONTROLLER, "no", "http://h:1");

        assertThat(ProblemWebExceptionHandler.document(problem))
                .containsEntry("kafkaError", "NOT_CONTROLLER")
                .containsEntry("leaderUrl", "http://h:1")
                .containsEntry("status", 421)
                .containsKeys("type", "title", "detail");
    }
}
