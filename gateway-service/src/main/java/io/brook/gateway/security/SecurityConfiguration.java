package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.problem.ProblemWebExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may call the gateway. One stateless filter chain (no session, no saved request), in order:
 * CORS (preflights answered before authentication), request size limit, authentication by
 * {@code X-API-Key} or JWT bearer token (on event streams also {@code ?api_key=} and
 * {@code ?access_token=}, since a browser's EventSource cannot send headers), path rules, then the
 * per-principal rate limit. Per-topic
 * permissions are checked by {@link TopicAuthorizer} in the controllers. Every rejection is a problem
 * document.
 *
 * <p>Paths: {@code /v1/**} and the actuator (except health) need a principal; health, the OpenAPI
 * document and the web console are public. With {@code brook.gateway.security.enabled=false} every
 * request is allowed as an anonymous principal; CORS, size and rate limits still apply.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Paths anyone may call. */
    static final String[] PUBLIC_PATHS = {
        "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
        "/", "/index.html", "/console/**", "/favicon.ico"
    };

    /** Query parameter that may carry the API key of an event stream. */
    static final String API_KEY_PARAMETER = "api_key";

    /** Paths counted by the rate limit. */
    static final String API_PATHS = "/v1/**";

    @Bean
    SecurityWebFilterChain securityFilterChain(
            ServerHttpSecurity http, GatewayProperties properties, ProblemWebExceptionHandler problems) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // Our filter instead of .cors(...): same place in the chain, but rejections are problem documents.
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .addFilterAt(
                        new CorsProblemWebFilter(CorsProblemWebFilter.source(properties.cors()), problems),
                        SecurityWebFiltersOrder.CORS)
                .addFilterAfter(
                        new RequestSizeWebFilter(properties.maxRequestSize(), problems), SecurityWebFiltersOrder.CORS);
        RateLimiter limiter = RateLimiter.of(properties.rateLimit());
        if (limiter != null) {
            http.addFilterAfter(
                    new RateLimitWebFilter(limiter, ServerWebExchangeMatchers.pathMatchers(API_PATHS), problems),
                    SecurityWebFiltersOrder.AUTHORIZATION);
        }
        if (!properties.security().enabled()) {
            log.warn("Security is off (brook.gateway.security.enabled=false): every request is allowed");
            return http.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
                    .build();
        }
        return secured(http, properties.security(), problems);
    }

    private static SecurityWebFilterChain secured(
            ServerHttpSecurity http, GatewayProperties.Security settings, ProblemWebExceptionHandler problems) {
        ApiKeyAuthenticationManager apiKeys = new ApiKeyAuthenticationManager(settings.apiKeys());
        boolean jwt = JwtDecoderFactory.configured(settings.jwt());
        if (!apiKeys.hasKeys() && !jwt) {
            log.warn("Security is on but neither brook.gateway.security.api-keys nor brook.gateway.security.jwt "
                    + "is configured: every request to /v1/** will be answered 401");
        }
        SecurityProblemHandler rejections = new SecurityProblemHandler(problems, jwt, apiKeys.hasKeys());
        http.exceptionHandling(handling ->
                        handling.authenticationEntryPoint(rejections).accessDeniedHandler(rejections))
                .authorizeExchange(exchange -> exchange.matchers(preflight())
                        .permitAll()
                        .pathMatchers(PUBLIC_PATHS)
                        .permitAll()
                        .anyExchange()
                        .authenticated());
        if (apiKeys.hasKeys()) {
            AuthenticationWebFilter apiKeyFilter = new AuthenticationWebFilter(apiKeys);
            apiKeyFilter.setServerAuthenticationConverter(
                    exchange -> Mono.justOrEmpty(apiKey(exchange)).map(ApiKeyAuthentication::unauthenticated));
            apiKeyFilter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(rejections));
            http.addFilterAt(apiKeyFilter, SecurityWebFiltersOrder.AUTHENTICATION);
        }
        if (jwt) {
            ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
            // EventSource cannot send headers: GET requests may carry the token as ?access_token= (RFC 6750 2.3).
            bearer.setAllowUriQueryParameter(true);
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .bearerTokenConverter(bearer)
                    .authenticationEntryPoint(rejections)
                    .accessDeniedHandler(rejections)
                    .jwt(token -> token.jwtDecoder(JwtDecoderFactory.create(settings.jwt()))
                            .jwtAuthenticationConverter(new JwtGrantsConverter(settings.jwt()))));
        }
        return http.build();
    }

    /**
     * The request's API key: the {@code X-API-Key} header, or for a GET of an event stream (browsers'
     * EventSource cannot send headers) the {@code api_key} query parameter.
     */
    static String apiKey(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String header = request.getHeaders().getFirst(ApiKeyAuthenticationManager.HEADER);
        if (header != null) {
            return header;
        }
        if (HttpMethod.GET.equals(request.getMethod())
                && request.getPath().value().endsWith("/events")) {
            return request.getQueryParams().getFirst(API_KEY_PARAMETER);
        }
        return null;
    }

    private static ServerWebExchangeMatcher preflight() {
        return exchange -> CorsUtils.isPreFlightRequest(exchange.getRequest())
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    }
}
