package io.brook.gateway.security;

import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.problem.ProblemWebExceptionHandler;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits the API requests ({@code /v1/**}) of each principal, or of each client address for
 * anonymous requests, with a {@link RateLimiter}. Runs in the security chain after authorization, so
 * requests without valid credentials are answered 401 before they cost anyone a token. A request
 * over the limit is answered 429 with {@code Retry-After} in whole seconds (at least 1). Behind a
 * proxy the address is the forwarded one when {@code server.forward-headers-strategy} is set.
 */
final class RateLimitWebFilter implements WebFilter {

    private final RateLimiter limiter;
    private final ServerWebExchangeMatcher limited;
    private final ProblemWebExceptionHandler problems;

    RateLimitWebFilter(RateLimiter limiter, ServerWebExchangeMatcher limited, ProblemWebExceptionHandler problems) {
        this.limiter = limiter;
        this.limited = limited;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return limited.matches(exchange)
                .flatMap(match -> match.isMatch()
                        ? exchange.getPrincipal()
                                .filter(principal -> !(principal instanceof AnonymousAuthenticationToken))
                                .map(RateLimitWebFilter::principalKey)
                                .defaultIfEmpty("")
                                .flatMap(key -> admit(exchange, chain, key.isEmpty() ? addressKey(exchange) : key))
                        : chain.filter(exchange));
    }

    private Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain, String client) {
        long waitNanos = limiter.tryAcquire(client);
        if (waitNanos == 0) {
            return chain.filter(exchange);
        }
        long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemDetail problem = ApiProblem.problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Rate limited",
                "Too many requests from this caller; retry after " + seconds + " s");
        problem.setProperty("retryAfterSeconds", seconds);
        return problems.write(exchange, problem);
    }

    private static String principalKey(Principal principal) {
        return "principal:" + principal.getName();
    }

    private static String addressKey(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return "address:unknown";
        }
        return "address:"
                + (remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
    }
}
