package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;

class SecurityProblemHandlerTest {

    @Test
    void challengesNameEachAcceptedScheme() {
        assertThat(new SecurityProblemHandler(null, true, true).challenges(null))
                .containsExactly("Bearer realm=\"brook\"", "ApiKey realm=\"brook\", header=\"X-API-Key\"");
        assertThat(new SecurityProblemHandler(null, false, true).challenges(null))
                .containsExactly("ApiKey realm=\"brook\", header=\"X-API-Key\"");
        assertThat(new SecurityProblemHandler(null, true, false).challenges(null))
                .containsExactly("Bearer realm=\"brook\"");
    }

    @Test
    void aRejectedTokenIsDescribedSafely() {
        OAuth2Error error = new OAuth2Error("invalid_token", "Jwt expired at \"now\"\r\n", null);
        assertThat(new SecurityProblemHandler(null, true, false).challenges(error))
                .containsExactly(
                        "Bearer realm=\"brook\", error=\"invalid_token\", error_description=\"Jwt expired at 'now'''\"");
    }
}
