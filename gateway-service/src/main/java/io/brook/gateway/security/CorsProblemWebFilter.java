package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.problem.ProblemWebExceptionHandler;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for browsers, in the security chain before authentication: a valid preflight is answered
 * here, without credentials; a CORS request from an origin that is not allowed is answered 403 with
 * a problem document (Spring's {@code CorsWebFilter} answers with an empty body). With no allowed
 * origins the gateway sends no CORS headers at all. Stateless.
 */
final class CorsProblemWebFilter implements WebFilter {

    static final List<String> METHODS = List.of(
            HttpMethod.GET.name(),
            HttpMethod.POST.name(),
            HttpMethod.PUT.name(),
            HttpMethod.PATCH.name(),
            HttpMethod.DELETE.name(),
            HttpMethod.OPTIONS.name());
    static final List<String> REQUEST_HEADERS = List.of(
            HttpHeaders.AUTHORIZATION,
            HttpHeaders.CONTENT_TYPE,
            ApiKeyAuthenticationManager.HEADER,
            "Idempotency-Key",
            "Last-Event-ID");
    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION);

    private final CorsConfigurationSource source;
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final ProblemWebExceptionHandler problems;

    CorsProblemWebFilter(CorsConfigurationSource source, ProblemWebExceptionHandler problems) {
        this.source = source;
        this.problems = problems;
    }

    /** The CORS rules of {@code brook.gateway.cors}, for every path; no rules when no origin is allowed. */
    static CorsConfigurationSource source(GatewayProperties.Cors cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (cors.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration configuration = new CorsConfiguration();
        // Patterns allow both exact origins and wildcards such as https://*.example.com.
        configuration.setAllowedOriginPatterns(cors.allowedOrigins());
        configuration.setAllowedMethods(METHODS);
        configuration.setAllowedHeaders(REQUEST_HEADERS);
        configuration.setExposedHeaders(EXPOSED_HEADERS);
        configuration.setMaxAge(cors.maxAge());
        // Credentials travel in headers, not cookies.
        configuration.setAllowCredentials(false);
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        CorsConfiguration configuration = source.getCorsConfiguration(exchange);
        if (configuration == null) {
            return chain.filter(exchange);
        }
        if (!processor.process(configuration, exchange)) {
            return problems.write(
                    exchange,
                    ApiProblem.problem(
                            HttpStatus.FORBIDDEN,
                            "cors-rejected",
                            "CORS request rejected",
                            "The origin, method or headers of this cross-origin request are not allowed"));
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }
}
