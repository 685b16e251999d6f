package io.brook.controller.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Lets an operator send admin writes ({@code POST/PUT/PATCH/DELETE /v1/...}) to any controller: a follower hands the
 * request, body and content type unchanged, to the active controller and answers with its response. Only one hop:
 * a forwarded request carries {@value #FORWARDED} and is never forwarded again, so a leadership change mid-way ends
 * in the usual 421 (with {@code leaderUrl}) instead of a loop. Broker-facing endpoints ({@code /internal}) are not
 * forwarded; brokers follow the 421 themselves. With no known leader the request is served locally, which answers
 * 421 or 503 as usual. Every forward has a timeout.
 */
public final class LeaderForwardingFilter implements WebFilter {

    static final String FORWARDED = "Brook-Forwarded-By";

    private static final Set<HttpMethod> WRITES =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final BooleanSupplier isLeader;
    private final Supplier<Optional<String>> leaderUrl;
    private final int nodeId;
    private final Duration timeout;
    private final HttpClient http;

    public LeaderForwardingFilter(
            BooleanSupplier isLeader, Supplier<Optional<String>> leaderUrl, int nodeId, Duration timeout) {
        this.isLeader = isLeader;
        this.leaderUrl = leaderUrl;
        this.nodeId = nodeId;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        boolean adminWrite = WRITES.contains(request.getMethod())
                && request.getPath().value().startsWith("/v1/")
                && request.getHeaders().getFirst(FORWARDED) == null;
        if (!adminWrite || isLeader.getAsBoolean()) {
            return chain.filter(exchange);
        }
        Optional<String> leader = leaderUrl.get();
        if (leader.isEmpty()) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> Mono.fromFuture(
                        http.sendAsync(forward(request, leader.get(), body), HttpResponse.BodyHandlers.ofByteArray())))
                .flatMap(response -> answer(exchange, response));
    }

    private HttpRequest forward(ServerHttpRequest request, String leader, byte[] body) {
        URI uri = URI.create(leader
                + request.getURI().getRawPath()
                + (request.getURI().getRawQuery() == null
                        ? ""
                        : "?" + request.getURI().getRawQuery()));
        HttpRequest.Builder forward = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header(FORWARDED, Integer.toString(nodeId))
                .method(request.getMethod().name(), HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            forward.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        forward.header(
                HttpHeaders.ACCEPT,
                Optional.ofNullable(request.getHeaders().getFirst(HttpHeaders.ACCEPT))
                        .orElse("*/*"));
        return forward.build();
    }

    private static Mono<Void> answer(ServerWebExchange exchange, HttpResponse<byte[]> response) {
        var out = exchange.getResponse();
        out.setStatusCode(HttpStatusCode.valueOf(response.statusCode()));
        for (String name : new String[] {HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION}) {
            response.headers()
                    .firstValue(name)
                    .ifPresent(value -> out.getHeaders().set(name, value));
        }
        return out.writeWith(Mono.just(out.bufferFactory().wrap(response.body())));
    }
}
