package io.brook.controller.api;

import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebInputException;

/**
 * Turns failures into the status and problem document the API answers with.
 *
 * <p>A Kafka error becomes type {@code https://brook.io/problems/<error in kebab case>} with the {@code kafkaError}
 * extension holding {@link Errors#name()}: unknown topic 404; topic exists, stale broker epoch and other conflicts
 * 409; every {@code INVALID_*} (not enough brokers is {@code INVALID_REPLICATION_FACTOR}) 400; not the controller 421
 * (with {@code leaderUrl} when the leader is known); timeouts 504.
 */
public final class ProblemMapper {

    /** RFC 9110's Misdirected Request: this node is not the one to ask. */
    public static final HttpStatusCode MISDIRECTED_REQUEST = HttpStatusCode.valueOf(421);

    private ProblemMapper() {}

    /** The status a Kafka error is answered with. */
    public static HttpStatusCode status(Errors error) {
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID -> HttpStatus.NOT_FOUND;
            case TOPIC_ALREADY_EXISTS,
                    STALE_BROKER_EPOCH,
                    FENCED_LEADER_EPOCH,
                    NOT_LEADER_OR_FOLLOWER,
                    INELIGIBLE_REPLICA -> HttpStatus.CONFLICT;
            case NOT_CONTROLLER -> MISDIRECTED_REQUEST;
            case REQUEST_TIMED_OUT -> HttpStatus.GATEWAY_TIMEOUT;
            case POLICY_VIOLATION, PREFERRED_LEADER_NOT_AVAILABLE -> HttpStatus.BAD_REQUEST;
            default -> error.name().startsWith("INVALID_") ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    /** The problem for a Kafka error; {@code leaderUrl} (may be null) is added to NOT_CONTROLLER. */
    public static ProblemDetail kafkaProblem(Errors error, String message, String leaderUrl) {
        String detail = message != null ? message : error.message();
        ProblemDetail problem = ControllerProblem.problem(status(error), kebab(error), title(error), detail);
        problem.setProperty("kafkaError", error.name());
        if (error == Errors.NOT_CONTROLLER && leaderUrl != null) {
            problem.setProperty("leaderUrl", leaderUrl);
        }
        return problem;
    }

    /** The problem for any failure; unknown ones become a 500 that reveals nothing internal. */
    public static ProblemDetail toProblem(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof WebExchangeBindException binding) {
            return ControllerProblem.problem(
                    HttpStatus.BAD_REQUEST, "invalid-request-body", "Invalid request body", bindingDetail(binding));
        }
        if (cause instanceof ServerWebInputException input) {
            return ControllerProblem.problem(
                    HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", inputDetail(input));
        }
        if (cause instanceof ErrorResponse response) {
            ProblemDetail problem = response.getBody();
            if (problem.getType() == null
                    || "about:blank".equals(problem.getType().toString())) {
                HttpStatusCode status = response.getStatusCode();
                return ControllerProblem.problem(
                        status,
                        "http-" + status.value(),
                        problem.getTitle() != null ? problem.getTitle() : reason(status),
                        problem.getDetail());
            }
            return problem;
        }
        if (cause instanceof ApiException kafka) {
            return kafkaProblem(Errors.forException(kafka), kafka.getMessage(), null);
        }
        return ControllerProblem.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The controller failed to serve the request; see its log");
    }

    static String kebab(Errors error) {
        return error.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String title(Errors error) {
        String words = error.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String bindingDetail(WebExchangeBindException binding) {
        StringBuilder detail = new StringBuilder("Invalid request body:");
        for (FieldError field : binding.getFieldErrors()) {
            detail.append(' ')
                    .append(field.getField())
                    .append(' ')
                    .append(field.getDefaultMessage())
                    .append(';');
        }
        binding.getGlobalErrors()
                .forEach(e -> detail.append(' ').append(e.getDefaultMessage()).append(';'));
        return detail.toString();
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

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
