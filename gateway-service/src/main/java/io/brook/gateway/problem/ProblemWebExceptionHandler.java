package io.brook.gateway.problem;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes every failure that reaches the web layer, from controllers, filters or routing, as an
 * RFC 9457 {@code application/problem+json} document. Runs before Spring Boot's default handler.
 */
@Component
@Order(-2)
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ObjectMapper json;

    public ProblemWebExceptionHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ProblemDetail problem = ProblemMapper.toProblem(error);
        if (problem.getStatus() >= 500 && problem.getStatus() != HttpStatus.GATEWAY_TIMEOUT.value()) {
            log.warn(
                    "{} {} failed",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error);
        }
        return write(exchange, problem);
    }

    /** Writes {@code problem} as the response, unless the response has already started. */
    public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = json.writeValueAsBytes(problem);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
