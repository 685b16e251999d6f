package io.brook.gateway.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the API answers with an RFC 9457 problem document. The {@code type} is a stable URI
 * under {@code https://brook.io/problems/} that clients can switch on; {@code detail} is for people.
 */
public class ApiProblem extends ErrorResponseException {

    /** Base of every problem type URI. */
    public static final String TYPE_BASE = "https://brook.io/problems/";

    public ApiProblem(HttpStatusCode status, String type, String title, String detail) {
        super(status, problem(status, type, title, detail), null);
    }

    public ApiProblem(HttpStatusCode status, String type, String title, String detail, Throwable cause) {
        super(status, problem(status, type, title, detail), cause);
    }

    /** The problem document for {@code status} with a type URI named {@code type}. */
    public static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    public static ApiProblem topicNotFound(String topic) {
        return new ApiProblem(
                HttpStatus.NOT_FOUND, "topic-not-found", "Topic not found", "Topic '" + topic + "' does not exist");
    }

    public static ApiProblem partitionNotFound(String topic, int partition, int partitions) {
        return new ApiProblem(
                HttpStatus.NOT_FOUND,
                "partition-not-found",
                "Partition not found",
                "Topic '" + topic + "' has partitions 0.." + (partitions - 1) + ", not " + partition);
    }

    public static ApiProblem groupNotFound(String group) {
        return new ApiProblem(
                HttpStatus.NOT_FOUND, "group-not-found", "Group not found", "Group '" + group + "' does not exist");
    }

    public static ApiProblem groupNotEmpty(String group, String detail) {
        return new ApiProblem(
                HttpStatus.CONFLICT,
                "group-not-empty",
                "Group not empty",
                "Group '" + group + "' has active members: " + detail);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    public static ApiProblem invalidRecord(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-record", "Invalid record", detail);
    }
}
