package io.brook.controller.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for the tests, with a timeout on every call. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Http() {}

    /** A response: status, parsed body (a missing node when empty), headers. */
    record Response(int status, JsonNode body, HttpHeaders headers, String contentType) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static Response get(String url) {
        return send(request(url).GET().build());
    }

    static Response post(String url, Object body) {
        return send(request(url).POST(json(body)).build());
    }

    static Response post(String url, Object body, Duration timeout) {
        return send(request(url).timeout(timeout).POST(json(body)).build());
    }

    static Response put(String url, Object body) {
        return send(request(url).PUT(json(body)).build());
    }

    static Response delete(String url) {
        return send(request(url).DELETE().build());
    }

    static CompletableFuture<Response> getAsync(String url, Duration timeout) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Http::parse);
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json");
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    private static Response send(HttpRequest request) {
        try {
            return parse(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response parse(HttpResponse<String> response) {
        String body = response.body();
        JsonNode node = body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        return new Response(
                response.statusCode(),
                node,
                response.headers(),
                response.headers().firstValue("Content-Type").orElse(""));
    }
}
