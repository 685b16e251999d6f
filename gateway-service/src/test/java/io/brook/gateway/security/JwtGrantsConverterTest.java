package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.gateway.config.GatewayProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.test.StepVerifier;

class JwtGrantsConverterTest {

    private final JwtGrantsConverter converter =
            new JwtGrantsConverter(new GatewayProperties.Jwt("", "", "", "permissions", "sub"));

    @Test
    void readsGrantsFromAList() {
        StepVerifier.create(converter.convert(jwt(Map.of("sub", "svc", "permissions", List.of("read:a", "admin:b-*")))))
                .assertNext(auth -> {
                    assertThat(auth.getName()).isEqualTo("svc");
                    assertThat(auth.isAuthenticated()).isTrue();
                    assertThat(auth.getAuthorities()).containsExactly(Grant.parse("read:a"), Grant.parse("admin:b-*"));
                })
                .verifyComplete();
    }

    @Test
    void readsGrantsFromASpaceSeparatedStringAndSkipsOtherScopes() {
        assertThat(converter.grants(" read:a  openid write:b "))
                .containsExactly(Grant.parse("read:a"), Grant.parse("write:b"));
        assertThat(converter.grants(List.of("read:a", 7, "profile"))).containsExactly(Grant.parse("read:a"));
        assertThat(converter.grants(null)).isEmpty();
    }

    @Test
    void aTokenWithoutPrincipalIsRejected() {
        StepVerifier.create(converter.convert(jwt(Map.of("permissions", "read:a"))))
                .expectError(InvalidBearerTokenException.class)
                .verify();
    }

    @Test
    void principalClaimIsConfigurable() {
        JwtGrantsConverter byEmail = new JwtGrantsConverter(new GatewayProperties.Jwt("", "", "", "scp", "email"));
        StepVerifier.create(byEmail.convert(jwt(Map.of("sub", "123", "email", "a@b.c", "scp", "read:x"))))
                .assertNext(auth -> {
                    assertThat(auth.getName()).isEqualTo("a@b.c");
                    assertThat(auth.getAuthorities()).containsExactly(Grant.parse("read:x"));
                })
                .verifyComplete();
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return new Jwt("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
    }
}
