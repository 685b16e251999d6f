package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.gateway.problem.ProblemWebExceptionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class RequestSizeWebFilterTest {

    private final RequestSizeWebFilter filter = new RequestSizeWebFilter(
            DataSize.ofBytes(100),
            new ProblemWebExceptionHandler(JsonMapper.builder().build()));

    @Test
    void declaredLengthAboveTheLimitIsRefusedBeforeTheBodyIsRead() {
        AtomicInteger passed = new AtomicInteger();
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/v1/x").contentLength(101).body("x".repeat(101)));
        filter.filter(exchange, e -> {
                    passed.incrementAndGet();
                    return Mono.empty();
                })
                .block();
        assertThat(passed).hasValue(0);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"https://brook.io/problems/request-too-large\"");
    }

    @Test
    void streamedBodyFailsOnceItPassesTheLimit() {
        Flux<DataBuffer> chunks = Flux.range(0, 3).map(i -> buffer("x".repeat(40)));
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.post("/v1/x").body(chunks));
        WebFilterChain reader = e -> DataBufferUtils.join(e.getRequest().getBody())
                .doOnNext(DataBufferUtils::release)
                .then();
        StepVerifier.create(filter.filter(exchange, reader))
                .expectError(DataBufferLimitException.class)
                .verify();
    }

    @Test
    void bodiesWithinTheLimitPass() {
        Flux<DataBuffer> chunks = Flux.range(0, 2).map(i -> buffer("x".repeat(50)));
        MockServerWebExchange exchange =
                MockServerWebExchange.from(MockServerHttpRequest.post("/v1/x").body(chunks));
        WebFilterChain reader = e -> DataBufferUtils.join(e.getRequest().getBody())
                .map(joined -> {
                    int size = joined.readableByteCount();
                    DataBufferUtils.release(joined);
                    return size;
                })
                .doOnNext(size -> assertThat(size).isEqualTo(100))
                .then();
        StepVerifier.create(filter.filter(exchange, reader)).verifyComplete();
    }

    private static DataBuffer buffer(String text) {
        return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
