package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.gateway.problem.ProblemWebExceptionHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class RateLimitWebFilterTest {

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger passed = new AtomicInteger();
    private final WebFilterChain chain = exchange -> {
        passed.incrementAndGet();
        return Mono.empty();
    };
    private final RateLimitWebFilter filter = new RateLimitWebFilter(
            new RateLimiter(0.4, 1, 100, clock::get),
            ServerWebExchangeMatchers.pathMatchers("/v1/**"),
            new ProblemWebExceptionHandler(JsonMapper.builder().build()));

    @Test
    void limitsAnonymousCallersPerAddress() {
        filter.filter(request("/v1/topics/a/records", "10.0.0.1"), chain).block();
        MockServerWebExchange limited = request("/v1/topics/a/records", "10.0.0.1");
        filter.filter(limited, chain).block();
        filter.filter(request("/v1/topics/a/records", "10.0.0.2"), chain).block();

        assertThat(passed).hasValue(2);
        assertThat(limited.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        // 2.5 s until the next token, rounded up.
        assertThat(limited.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo("3");
        assertThat(limited.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(limited.getResponse().getBodyAsString().block())
                .contains("\"type\":\"https://brook.io/problems/rate-limited\"");
    }

    @Test
    void limitsAPrincipalWhateverItsAddress() {
        ApiKeyAuthentication alice = ApiKeyAuthentication.authenticated("alice", List.of());
        filter.filter(as(request("/v1/x", "10.0.0.1"), alice), chain).block();
        ServerWebExchange second = as(request("/v1/x", "10.0.0.2"), alice);
        filter.filter(second, chain).block();
        assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(2500));
        filter.filter(as(request("/v1/x", "10.0.0.3"), alice), chain).block();
        assertThat(passed).hasValue(2);
    }

    @Test
    void onlyTheApiIsLimited() {
        for (int i = 0; i < 5; i++) {
            filter.filter(request("/actuator/health", "10.0.0.1"), chain).block();
        }
        assertThat(passed).hasValue(5);
    }

    private static MockServerWebExchange request(String path, String address) {
        return MockServerWebExchange.from(
                MockServerHttpRequest.get(path).remoteAddress(new InetSocketAddress(address, 40000)));
    }

    private static ServerWebExchange as(ServerWebExchange exchange, ApiKeyAuthentication principal) {
        return exchange.mutate().principal(Mono.just(principal)).build();
    }
}
