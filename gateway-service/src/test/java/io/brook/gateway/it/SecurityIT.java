package io.brook.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/**
 * The gateway with security on: API keys, JWT bearer tokens signed by a key pair made here, CORS,
 * the request size limit, and (in {@link RateLimit}, its own context) the rate limit.
 */
@ContextConfiguration(initializers = SecurityIT.SecurityOn.class)
class SecurityIT extends GatewayTestBase {

    static final String ISSUER = "https://issuer.brook.test";
    static final String ORIGIN = "https://app.brook.test";
    static final String WRITER_KEY = "writer-key-0123456789";
    static final String READER_KEY = "reader-key-0123456789";
    static final String LIMITED_KEY = "limited-key-0123456789";
    static final Map<String, Object> ONE_RECORD = Map.of("records", List.of(Map.of("value", 1)));

    static final KeyPair SIGNING_KEYS = rsaKeyPair();
    static final KeyPair OTHER_KEYS = rsaKeyPair();
    static final Path PUBLIC_KEY_PEM = writePem(SIGNING_KEYS);

    /**
     * Turns security on. Not a {@code @DynamicPropertySource}: Spring registers the base class's
     * dynamic values ({@code security.enabled=false}) after a subclass's, so the base would win. An
     * initializer runs after the dynamic values are in place and puts its own source ahead of them.
     */
    static final class SecurityOn implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("brook.gateway.security.enabled", "true");
            properties.put("brook.gateway.security.api-keys[0].key", WRITER_KEY);
            properties.put("brook.gateway.security.api-keys[0].principal", "writer");
            properties.put("brook.gateway.security.api-keys[0].permissions[0]", "write:secw-*");
            properties.put("brook.gateway.security.api-keys[1].key", READER_KEY);
            properties.put("brook.gateway.security.api-keys[1].principal", "reader");
            properties.put("brook.gateway.security.api-keys[1].permissions[0]", "read:*");
            properties.put("brook.gateway.security.api-keys[2].key", LIMITED_KEY);
            properties.put("brook.gateway.security.api-keys[2].principal", "limited");
            properties.put("brook.gateway.security.api-keys[2].permissions[0]", "write:secw-*");
            properties.put("brook.gateway.security.jwt.issuer", ISSUER);
            properties.put("brook.gateway.security.jwt.public-key-location", PUBLIC_KEY_PEM.toString());
            properties.put("brook.gateway.cors.allowed-origins[0]", ORIGIN);
            properties.put("brook.gateway.max-request-size", "1KB");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("security-it", properties));
        }
    }

    @Test
    void missingCredentialsAre401WithAChallenge() {
        String topic = createTopic("secw", 1);
        produce(topic, null)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .values(
                        HttpHeaders.WWW_AUTHENTICATE,
                        values -> assertThat(values)
                                .anySatisfy(value -> assertThat(value).startsWith("Bearer realm="))
                                .anySatisfy(value -> assertThat(value).contains("X-API-Key")))
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401);
    }

    @Test
    void unknownApiKeyIs401() {
        String topic = createTopic("secw", 1);
        produce(topic, null)
                .header("X-API-Key", WRITER_KEY + "x")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/unauthorized")
                .jsonPath("$.detail")
                .isEqualTo("The API key is not valid");
    }

    @Test
    void apiKeyWithTheWriteGrantProduces() {
        String topic = createTopic("secw", 1);
        produce(topic, null)
                .header("X-API-Key", WRITER_KEY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.offsets[0].offset")
                .isEqualTo(0);
    }

    @Test
    void apiKeyWithoutAGrantOnTheTopicIs403() {
        String other = createTopic("seco", 1);
        produce(other, null)
                .header("X-API-Key", WRITER_KEY)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/forbidden");
        String mine = createTopic("secw", 1);
        produce(mine, null)
                .header("X-API-Key", READER_KEY)
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void jwtFromTheIssuerIsAccepted() {
        String topic = createTopic("secw", 1);
        String token = token(SIGNING_KEYS, ISSUER, Instant.now().plusSeconds(300), List.of("write:" + topic));
        produce(topic, token).exchange().expectStatus().isOk();
    }

    @Test
    void jwtGrantsAreHonouredPerTopic() {
        String mine = createTopic("secw", 1);
        String other = createTopic("secw", 1);
        String token = token(SIGNING_KEYS, ISSUER, Instant.now().plusSeconds(300), "read:* write:" + mine);
        produce(mine, token).exchange().expectStatus().isOk();
        produce(other, token)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/forbidden");
    }

    @Test
    void expiredJwtIs401() {
        String topic = createTopic("secw", 1);
        String token = token(SIGNING_KEYS, ISSUER, Instant.now().minusSeconds(600), List.of("write:" + topic));
        produce(topic, token)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(
                        HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).startsWith("Bearer realm=").contains("error=\"invalid_token\""))
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/unauthorized");
    }

    @Test
    void jwtFromAnotherIssuerIs401() {
        String topic = createTopic("secw", 1);
        String token =
                token(SIGNING_KEYS, "https://evil.test", Instant.now().plusSeconds(300), List.of("write:" + topic));
        produce(topic, token).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void jwtSignedWithAnotherKeyIs401() {
        String topic = createTopic("secw", 1);
        String token = token(OTHER_KEYS, ISSUER, Instant.now().plusSeconds(300), List.of("write:" + topic));
        produce(topic, token).exchange().expectStatus().isUnauthorized();
        produce(topic, "not-a-jwt").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void bodyAboveTheLimitIs413() {
        String topic = createTopic("secw", 1);
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .header("X-API-Key", WRITER_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("records", List.of(Map.of("value", "x".repeat(2000)))))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/request-too-large");
    }

    @Test
    void chunkedBodyAboveTheLimitIs413() {
        String topic = createTopic("secw", 1);
        String json = "{\"records\":[{\"value\":\"" + "x".repeat(3000) + "\"}]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Flux<DataBuffer> chunks = Flux.range(0, (bytes.length + 499) / 500)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                        Arrays.copyOfRange(bytes, i * 500, Math.min(bytes.length, (i + 1) * 500))));
        web.post()
                .uri("/v1/topics/{t}/records", topic)
                .header("X-API-Key", WRITER_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromDataBuffers(chunks))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://brook.io/problems/request-too-large")
                .consumeWith(result -> assertThat(result.getRequestHeaders().getFirst(HttpHeaders.TRANSFER_ENCODING))
                        .isEqualTo("chunked"));
    }

    @Test
    void preflightFromAnAllowedOriginNeedsNoCredentials() {
        web.options()
                .uri("/v1/topics/{t}/records", "any-topic")
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "x-api-key, content-type")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS,
                        value -> assertThat(value).contains("POST"))
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        value -> assertThat(value.toLowerCase()).contains("x-api-key"))
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "1800");
    }

    @Test
    void preflightFromAnotherOriginIsRejected() {
        web.options()
                .uri("/v1/topics/{t}/records", "any-topic")
                .header(HttpHeaders.ORIGIN, "https://evil.test")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void getWithAnAllowedOriginGetsCorsHeaders() {
        web.get()
                .uri("/actuator/health")
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
        // An event stream that is refused still carries CORS headers, so the browser can read the 401.
        web.get()
                .uri("/v1/topics/{t}/events", "any-topic")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader()
                .value(
                        HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        value -> assertThat(value).contains("Retry-After"));
    }

    @Test
    void eventStreamsTakeCredentialsAsQueryParametersForEventSource() {
        String topic = createTopic("secw", 1);
        // Comments carry no data: a record gives each stream something to read.
        Records.produceOne(topic, 0, "k", "1");
        web.get()
                .uri("/v1/topics/{t}/events?from=beginning&api_key={k}", topic, READER_KEY)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .take(1)
                .blockLast(java.time.Duration.ofSeconds(10));
        String token = token(SIGNING_KEYS, ISSUER, Instant.now().plusSeconds(300), List.of("read:" + topic));
        web.get()
                .uri("/v1/topics/{t}/events?from=beginning&access_token={k}", topic, token)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .take(1)
                .blockLast(java.time.Duration.ofSeconds(10));
        web.get()
                .uri("/v1/topics/{t}/events?api_key={k}", topic, READER_KEY + "x")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        // Only event streams take a key in the URL.
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0&api_key={k}", topic, READER_KEY)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void healthAndApiDocsArePublic() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
    }

    @Test
    void otherActuatorEndpointsNeedAPrincipal() {
        web.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        web.get()
                .uri("/actuator/prometheus")
                .header("X-API-Key", READER_KEY)
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** Its own context: 1 request per second, a burst of 2. */
    @Nested
    class RateLimit {

        @LocalServerPort
        int limitedPort;

        @DynamicPropertySource
        static void rateLimit(DynamicPropertyRegistry registry) {
            registry.add("brook.gateway.rate-limit.requests-per-second", () -> "1");
            registry.add("brook.gateway.rate-limit.burst", () -> "2");
        }

        @Test
        void thirdQuickRequestIs429WithRetryAfter() {
            WebTestClient client = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + limitedPort)
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
            String topic = createTopic("secw", 1);
            // Warm the producer's metadata for the topic as another principal, so the limited calls are quick.
            send(client, topic, WRITER_KEY).expectStatus().isOk();
            send(client, topic, LIMITED_KEY).expectStatus().isOk();
            send(client, topic, LIMITED_KEY).expectStatus().isOk();
            send(client, topic, LIMITED_KEY)
                    .expectStatus()
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader()
                    .value(
                            HttpHeaders.RETRY_AFTER,
                            value -> assertThat(Long.parseLong(value)).isBetween(1L, 1L))
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://brook.io/problems/rate-limited");
            // Another principal has its own bucket.
            send(client, topic, WRITER_KEY).expectStatus().isOk();
            // Paths outside /v1 are not limited.
            client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        }

        private static WebTestClient.ResponseSpec send(WebTestClient client, String topic, String key) {
            return client.post()
                    .uri("/v1/topics/{t}/records", topic)
                    .header("X-API-Key", key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(ONE_RECORD)
                    .exchange();
        }
    }

    private WebTestClient.RequestHeadersSpec<?> produce(String topic, String bearer) {
        WebTestClient.RequestBodySpec request =
                web.post().uri("/v1/topics/{t}/records", topic).contentType(MediaType.APPLICATION_JSON);
        if (bearer != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        return request.bodyValue(ONE_RECORD);
    }

    static String token(KeyPair keys, String issuer, Instant expiresAt, Object permissions) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("service-a")
                .issuer(issuer)
                .issueTime(Date.from(expiresAt.minusSeconds(3600)))
                .expirationTime(Date.from(expiresAt))
                .claim("permissions", permissions)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem(KeyPair keys) {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("brook-jwt", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
