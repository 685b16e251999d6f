package io.brook.gateway.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway, under {@code brook.gateway}.
 *
 * @param bootstrapServers the Kafka-protocol cluster the gateway talks to
 * @param clientId prefix of the client ids the gateway's Kafka clients use
 * @param maxRequestSize largest request body accepted; larger bodies are answered 413
 */
@ConfigurationProperties("brook.gateway")
public record GatewayProperties(
        @DefaultValue("127.0.0.1:9092") String bootstrapServers,
        @DefaultValue("brook-gateway") String clientId,
        @DefaultValue("8MB") DataSize maxRequestSize,
        @DefaultValue Produce produce,
        @DefaultValue Consume consume,
        @DefaultValue Security security,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Cors cors) {

    /**
     * @param lingerMs producer linger, trading a little latency for batching
     * @param maxInFlightPerStream sends in flight at once for one NDJSON produce stream
     * @param idempotencyTtl how long an {@code Idempotency-Key}'s answer is remembered
     * @param idempotencyMaxEntries how many answers are remembered at most
     */
    public record Produce(
            @DefaultValue("5") int lingerMs,
            @DefaultValue("1024") int maxInFlightPerStream,
            @DefaultValue("24h") Duration idempotencyTtl,
            @DefaultValue("100000") int idempotencyMaxEntries) {}

    /**
     * @param ringRecords records of each partition kept in memory for live readers
     * @param ringBytes bytes of each partition kept in memory for live readers
     * @param defaultLimit records per partition read when the request names none
     * @param maxLimit most records one read may ask for
     * @param maxTimeout longest long-poll a request may ask for
     * @param heartbeatInterval idle time after which an SSE stream gets a comment
     * @param tailIdleTimeout how long a topic's live tail outlives its last reader
     * @param catchUpReaders consumers reading history for readers behind the live tail
     */
    public record Consume(
            @DefaultValue("4096") int ringRecords,
            @DefaultValue("8MB") DataSize ringBytes,
            @DefaultValue("100") int defaultLimit,
            @DefaultValue("10000") int maxLimit,
            @DefaultValue("30s") Duration maxTimeout,
            @DefaultValue("15s") Duration heartbeatInterval,
            @DefaultValue("60s") Duration tailIdleTimeout,
            @DefaultValue("4") int catchUpReaders) {}

    /**
     * @param enabled when false every request is served as an anonymous principal with all permissions
     * @param apiKeys static API keys, sent in the {@code X-API-Key} header
     * @param jwt bearer-token validation
     */
    public record Security(
            @DefaultValue("true") boolean enabled,
            @DefaultValue List<ApiKey> apiKeys,
            @DefaultValue Jwt jwt) {}

    /**
     * A static API key.
     *
     * @param key the secret sent by the client
     * @param principal the name requests with this key act as
     * @param permissions grants such as {@code read:orders}, {@code write:orders-*}, {@code admin:*}
     */
    public record ApiKey(
            String key, String principal, @DefaultValue List<String> permissions) {}

    /**
     * @param issuer expected {@code iss} claim; empty accepts any issuer
     * @param jwkSetUri where the signing keys are published
     * @param publicKeyLocation a PEM RSA public key instead of a key set
     * @param permissionsClaim claim holding the grants (a list, or a space-separated string)
     * @param principalClaim claim naming the principal
     */
    public record Jwt(
            @DefaultValue("") String issuer,
            @DefaultValue("") String jwkSetUri,
            @DefaultValue("") String publicKeyLocation,
            @DefaultValue("permissions") String permissionsClaim,
            @DefaultValue("sub") String principalClaim) {}

    /**
     * Token bucket per principal.
     *
     * @param requestsPerSecond sustained rate; 0 turns limiting off
     * @param burst requests allowed at once above the rate
     */
    public record RateLimit(
            @DefaultValue("0") double requestsPerSecond,
            @DefaultValue("0") int burst) {}

    /**
     * @param allowedOrigins origins allowed to call the API from a browser; empty allows none
     * @param maxAge how long browsers may cache a preflight answer
     */
    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("30m") Duration maxAge) {}
}
