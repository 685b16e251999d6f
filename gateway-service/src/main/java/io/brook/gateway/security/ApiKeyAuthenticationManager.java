package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Checks {@code X-API-Key} values against the configured static keys. Keys are kept as SHA-256
 * digests and every configured key is compared with {@link MessageDigest#isEqual} on each attempt,
 * so the time taken reveals neither how much of a key matched nor which key it was. Immutable;
 * safe from any thread.
 */
public final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    /** The header clients send their key in. */
    public static final String HEADER = "X-API-Key";

    private record Entry(byte[] digest, String principal, List<Grant> grants) {}

    private final List<Entry> keys;

    /** Validates the keys; throws {@link IllegalArgumentException} naming the bad entry. */
    public ApiKeyAuthenticationManager(List<GatewayProperties.ApiKey> configured) {
        List<Entry> entries = new ArrayList<>(configured.size());
        for (int i = 0; i < configured.size(); i++) {
            GatewayProperties.ApiKey key = configured.get(i);
            String where = "brook.gateway.security.api-keys[" + i + "]";
            if (key.key() == null || key.key().isBlank()) {
                throw new IllegalArgumentException(where + ".key is empty");
            }
            if (key.principal() == null || key.principal().isBlank()) {
                throw new IllegalArgumentException(where + ".principal is empty");
            }
            List<Grant> grants = new ArrayList<>();
            for (String permission : key.permissions()) {
                try {
                    grants.add(Grant.parse(permission));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".permissions: " + e.getMessage(), e);
                }
            }
            byte[] digest = sha256(key.key());
            for (Entry other : entries) {
                if (MessageDigest.isEqual(other.digest(), digest)) {
                    throw new IllegalArgumentException(where + ".key is configured twice");
                }
            }
            entries.add(new Entry(digest, key.principal(), List.copyOf(grants)));
        }
        this.keys = List.copyOf(entries);
    }

    /** Whether any key is configured. */
    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    /** The authenticated principal of {@code presented}, in time independent of which key (if any) matches. */
    public Optional<ApiKeyAuthentication> match(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Entry found = null;
        for (Entry entry : keys) {
            // No early exit: every key is compared on every attempt.
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                found = entry;
            }
        }
        // A fresh token per request: an Authentication is mutable (details, credentials).
        return found == null
                ? Optional.empty()
                : Optional.of(ApiKeyAuthentication.authenticated(found.principal(), found.grants()));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof ApiKeyAuthentication presented)) {
            return Mono.empty();
        }
        Object key = presented.getCredentials();
        return Mono.justOrEmpty(match(key instanceof String text ? text : null))
                .cast(Authentication.class)
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown API key")));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
