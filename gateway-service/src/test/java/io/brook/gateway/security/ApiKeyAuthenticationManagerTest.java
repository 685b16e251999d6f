package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.gateway.config.GatewayProperties.ApiKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import reactor.test.StepVerifier;

class ApiKeyAuthenticationManagerTest {

    private final ApiKeyAuthenticationManager manager = new ApiKeyAuthenticationManager(List.of(
            new ApiKey("k-alice", "alice", List.of("write:orders", "read:*")), new ApiKey("k-bob", "bob", List.of())));

    @Test
    void matchesTheKeyOfEachPrincipal() {
        assertThat(manager.match("k-alice")).hasValueSatisfying(auth -> {
            assertThat(auth.getName()).isEqualTo("alice");
            assertThat(auth.isAuthenticated()).isTrue();
            assertThat(auth.getCredentials()).isNull();
            assertThat(auth.getAuthorities()).containsExactly(Grant.parse("write:orders"), Grant.parse("read:*"));
        });
        assertThat(manager.match("k-bob"))
                .hasValueSatisfying(auth -> assertThat(auth.getName()).isEqualTo("bob"));
    }

    @Test
    void matchesWholeKeysOnly() {
        assertThat(manager.match("k-alic")).isEmpty();
        assertThat(manager.match("k-alice ")).isEmpty();
        assertThat(manager.match("K-ALICE")).isEmpty();
        assertThat(manager.match("")).isEmpty();
        assertThat(manager.match(null)).isEmpty();
    }

    @Test
    void unknownKeyIsBadCredentials() {
        StepVerifier.create(manager.authenticate(ApiKeyAuthentication.unauthenticated("nope")))
                .expectError(BadCredentialsException.class)
                .verify();
        StepVerifier.create(manager.authenticate(ApiKeyAuthentication.unauthenticated("k-bob")))
                .assertNext(auth -> assertThat(auth.getName()).isEqualTo("bob"))
                .verifyComplete();
    }

    @Test
    void eachRequestGetsItsOwnAuthentication() {
        Authentication first = manager.match("k-alice").orElseThrow();
        Authentication second = manager.match("k-alice").orElseThrow();
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void presentedKeyIsNotAuthenticated() {
        ApiKeyAuthentication presented = ApiKeyAuthentication.unauthenticated("k");
        assertThat(presented.isAuthenticated()).isFalse();
        assertThatThrownBy(() -> presented.setAuthenticated(true)).isInstanceOf(IllegalArgumentException.class);
        presented.eraseCredentials();
        assertThat(presented.getCredentials()).isNull();
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> new ApiKeyAuthenticationManager(List.of(new ApiKey("", "a", List.of()))))
                .hasMessageContaining("api-keys[0].key");
        assertThatThrownBy(() -> new ApiKeyAuthenticationManager(List.of(new ApiKey("k", " ", List.of()))))
                .hasMessageContaining("api-keys[0].principal");
        assertThatThrownBy(() -> new ApiKeyAuthenticationManager(List.of(new ApiKey("k", "a", List.of("rw:x")))))
                .hasMessageContaining("api-keys[0].permissions");
        assertThatThrownBy(() -> new ApiKeyAuthenticationManager(
                        List.of(new ApiKey("k", "a", List.of()), new ApiKey("k", "b", List.of()))))
                .hasMessageContaining("api-keys[1].key is configured twice");
    }
}
