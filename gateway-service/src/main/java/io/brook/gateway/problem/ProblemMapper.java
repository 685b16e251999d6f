package io.brook.gateway.problem;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebInputException;

/** Turns any failure into the status and problem document the API answers with. */
public final class ProblemMapper {

    private ProblemMapper() {}

    /** The problem for {@code error}; unknown failures become a 500 that reveals nothing internal. */
    public static ProblemDetail toProblem(Throwable error) {
        Throwable cause = unwrap(error);
        if (hasCause(cause, DataBufferLimitException.class)) {
            return ApiProblem.problem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "request-too-large",
                    "Request too large",
                    "The request body exceeds the gateway's limit");
        }
        if (cause instanceof ServerWebInputException input) {
            ProblemDetail problem = ApiProblem.problem(
                    HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", inputDetail(input));
            return problem;
        }
        if (cause instanceof ErrorResponse response) {
            ProblemDetail problem = response.getBody();
            if (problem.getType() == null
                    || "about:blank".equals(problem.getType().toString())) {
                HttpStatusCode status = response.getStatusCode();
                ProblemDetail typed = ApiProblem.problem(
                        status,
                        "http-" + status.value(),
                        problem.getTitle() != null ? problem.getTitle() : reason(status),
                        problem.getDetail());
                return typed;
            }
            return problem;
        }
        if (cause instanceof ApiException kafka) {
            return kafkaProblem(kafka);
        }
        if (cause instanceof IllegalArgumentException) {
            return ApiProblem.problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", cause.getMessage());
        }
        return ApiProblem.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The gateway failed to serve the request; see its log");
    }

    private static ProblemDetail kafkaProblem(ApiException error) {
        HttpStatus status = kafkaStatus(error);
        Errors code = Errors.forException(error);
        String slug = "kafka/" + code.name().toLowerCase().replace('_', '-');
        ProblemDetail problem = ApiProblem.problem(status, slug, reason(status), error.getMessage());
        problem.setProperty("kafkaError", code.name());
        return problem;
    }

    private static HttpStatus kafkaStatus(ApiException error) {
        if (error instanceof UnknownTopicOrPartitionException || error instanceof GroupIdNotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (error instanceof TopicExistsException || error instanceof GroupNotEmptyException) {
            return HttpStatus.CONFLICT;
        }
        if (error instanceof InvalidTopicException
                || error instanceof InvalidPartitionsException
                || error instanceof InvalidConfigurationException
                || error instanceof InvalidReplicationFactorException
                || error instanceof InvalidRequestException
                || error instanceof PolicyViolationException
                || error instanceof RecordTooLargeException) {
            return HttpStatus.BAD_REQUEST;
        }
        if (error instanceof TimeoutException) {
            return HttpStatus.GATEWAY_TIMEOUT;
        }
        if (error instanceof NotEnoughReplicasException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        return HttpStatus.BAD_GATEWAY;
    }

    private static String inputDetail(ServerWebInputException input) {
        Throwable root = input;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = input.getReason() != null ? input.getReason() : "Invalid request";
        if (root != input && root.getMessage() != null) {
            String message = root.getMessage();
            int newline = message.indexOf('\n');
            return reason + ": " + (newline > 0 ? message.substring(0, newline) : message);
        }
        return reason;
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known != null ? known.getReasonPhrase() : "HTTP " + status.value();
    }

    static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
