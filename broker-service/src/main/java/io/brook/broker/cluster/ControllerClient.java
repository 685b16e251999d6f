package io.brook.broker.cluster;

import io.brook.metadata.MetadataJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import tools.jackson.databind.JsonNode;

/**
 * JSON over HTTP to the controller quorum. Any controller serves the metadata log; admin writes and heartbeats must
 * reach the active controller, which a follower names in its 421 answer.
 *
 * <p>A call goes to the controller known to lead, else to the one that answered last; a 421 sends it on to the
 * leader it names, and an unreachable controller moves it on to the next in the list, once around. Every call has a timeout. Errors come back as Kafka's {@code ApiException}s: a problem
 * document with {@code kafkaError} becomes that error's exception, anything else {@link TimeoutException} (the
 * retriable REQUEST_TIMED_OUT), so protocol handlers can answer with the right code. Thread-safe.
 */
public final class ControllerClient {

    private final List<URI> controllers;
    private final Duration timeout;
    private final HttpClient http;
    private volatile int current;
    private volatile URI leader;

    public ControllerClient(List<URI> controllers, Duration timeout) {
        if (controllers.isEmpty()) {
            throw new IllegalArgumentException("no controllers given");
        }
        this.controllers = List.copyOf(controllers);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Reads from whichever controller answers; followers serve reads from their own applied state. */
    public CompletableFuture<JsonNode> get(String pathAndQuery, Duration callTimeout) {
        return call("GET", pathAndQuery, null, callTimeout, 0);
    }

    public CompletableFuture<JsonNode> post(String path, Object body) {
        return call("POST", path, body, timeout, 0);
    }

    public CompletableFuture<JsonNode> put(String path, Object body) {
        return call("PUT", path, body, timeout, 0);
    }

    public CompletableFuture<JsonNode> delete(String path) {
        return call("DELETE", path, null, timeout, 0);
    }

    /**
     * Sends to the controller believed to lead (else the current one). A follower's 421 names the leader: the call
     * is repeated there once. An unreachable controller moves the call on to the next one in the list, once around.
     */
    private CompletableFuture<JsonNode> call(
            String method, String path, Object body, Duration callTimeout, int attempt) {
        URI target = leader != null ? leader : controllers.get(current);
        return send(target, method, path, body, callTimeout)
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof NotLeaderAnswer answer
                            && answer.leaderUrl != null
                            && !answer.leaderUrl.equals(target)) {
                        leader = answer.leaderUrl;
                        return send(answer.leaderUrl, method, path, body, callTimeout);
                    }
                    return CompletableFuture.failedFuture(cause);
                })
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    boolean unreachable = cause instanceof IOException;
                    if (unreachable || cause instanceof NotLeaderAnswer) {
                        leader = null;
                        current = (controllers.indexOf(target) + 1) % controllers.size();
                        if (unreachable && attempt + 1 < controllers.size()) {
                            return call(method, path, body, callTimeout, attempt + 1);
                        }
                    }
                    return CompletableFuture.failedFuture(translate(cause));
                });
    }

    private CompletableFuture<JsonNode> send(URI base, String method, String path, Object body, Duration callTimeout) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path)).timeout(callTimeout).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(MetadataJson.write(body)));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    JsonNode json = response.body().length == 0
                            ? MetadataJson.mapper().nullNode()
                            : MetadataJson.mapper().readTree(response.body());
                    if (response.statusCode() / 100 == 2) {
                        return json;
                    }
                    throw new CompletionException(problem(response.statusCode(), json));
                });
    }

    private static RuntimeException problem(int status, JsonNode json) {
        String detail = json.path("detail").asString("controller answered HTTP " + status);
        if (status == 421) {
            String url = json.path("leaderUrl").asString(null);
            return new NotLeaderAnswer(detail, url == null ? null : URI.create(url));
        }
        String kafkaError = json.path("kafkaError").asString(null);
        if (kafkaError != null) {
            try {
                return Errors.valueOf(kafkaError).exception(detail);
            } catch (IllegalArgumentException unknown) {
                return new TimeoutException(detail);
            }
        }
        return new TimeoutException(detail);
    }

    private static Throwable translate(Throwable cause) {
        if (cause instanceof NotLeaderAnswer answer) {
            return new NotControllerException(answer.getMessage());
        }
        if (cause instanceof HttpTimeoutException || cause instanceof IOException) {
            return new TimeoutException("controller unreachable: " + cause.getMessage(), cause);
        }
        return cause;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A follower controller's 421: it names the leader when it knows one. */
    private static final class NotLeaderAnswer extends RuntimeException {
        private final URI leaderUrl;

        NotLeaderAnswer(String message, URI leaderUrl) {
            super(message, null, false, false);
            this.leaderUrl = leaderUrl;
        }
    }
}
