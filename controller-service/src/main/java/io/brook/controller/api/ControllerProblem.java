package io.brook.controller.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the API answers with an RFC 9457 problem document. The {@code type} is a stable URI under
 * {@value #TYPE_BASE} that clients switch on; {@code detail} is for people.
 */
public class ControllerProblem extends ErrorResponseException {

    /** Base of every problem type URI. */
    public static final String TYPE_BASE = "https://brook.io/problems/";

    public ControllerProblem(ProblemDetail problem) {
        super(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
    }

    /** The problem document for {@code status} with the type URI named {@code type}. */
    public static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    public static ControllerProblem brokerNotFound(int brokerId) {
        return new ControllerProblem(problem(
                HttpStatus.NOT_FOUND,
                "broker-not-found",
                "Broker not found",
                "Broker " + brokerId + " is not registered."));
    }

    public static ControllerProblem badRequest(String detail) {
        return new ControllerProblem(problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail));
    }
}
