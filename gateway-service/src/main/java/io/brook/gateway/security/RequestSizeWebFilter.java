package io.brook.gateway.security;

import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.problem.ProblemWebExceptionHandler;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds request bodies to {@code brook.gateway.max-request-size}. A declared {@code Content-Length}
 * above the limit is answered 413 before the body is read; otherwise (chunked bodies, or a length
 * that lies) the bytes are counted as they stream and the body fails with a
 * {@link DataBufferLimitException} once past the limit, which whoever is decoding it turns into the
 * same 413 problem. Stateless; each body subscription counts on its own.
 */
final class RequestSizeWebFilter implements WebFilter {

    private final long maxBytes;
    private final ProblemWebExceptionHandler problems;

    RequestSizeWebFilter(DataSize maxRequestSize, ProblemWebExceptionHandler problems) {
        this.maxBytes = maxRequestSize.toBytes();
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return problems.write(exchange, tooLarge(declared));
        }
        return chain.filter(
                exchange.mutate().request(new Bounded(exchange.getRequest())).build());
    }

    private ProblemDetail tooLarge(long declared) {
        return ApiProblem.problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "request-too-large",
                "Request too large",
                "The request body of " + declared + " bytes exceeds the gateway's limit of " + maxBytes + " bytes");
    }

    private final class Bounded extends ServerHttpRequestDecorator {

        Bounded(ServerHttpRequest delegate) {
            super(delegate);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(new DataBufferLimitException(
                                "The request body exceeds the gateway's limit of " + maxBytes + " bytes"));
                        return;
                    }
                    sink.next(buffer);
                });
            });
        }
    }
}
