package io.brook.gateway.security;

import io.brook.gateway.problem.ApiProblem;
import io.brook.gateway.problem.ProblemWebExceptionHandler;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers failed authentication with a 401 problem and a {@code WWW-Authenticate} challenge per
 * accepted scheme (RFC 6750 {@code Bearer}, with {@code error="invalid_token"} when a token was
 * rejected; {@code ApiKey} naming the header), and denied access with a 403 problem. Stateless.
 */
final class SecurityProblemHandler implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    static final String REALM = "brook";

    private final ProblemWebExceptionHandler problems;
    private final boolean bearer;
    private final boolean apiKeys;

    SecurityProblemHandler(ProblemWebExceptionHandler problems, boolean bearer, boolean apiKeys) {
        this.problems = problems;
        this.bearer = bearer;
        this.apiKeys = apiKeys;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException error) {
        OAuth2Error bearerError = error instanceof OAuth2AuthenticationException oauth ? oauth.getError() : null;
        exchange.getResponse().getHeaders().put(HttpHeaders.WWW_AUTHENTICATE, challenges(bearerError));
        String detail = detail(exchange, error, bearerError);
        return problems.write(
                exchange, ApiProblem.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return problems.write(
                exchange,
                ApiProblem.problem(
                        HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "The caller may not use this resource"));
    }

    List<String> challenges(OAuth2Error bearerError) {
        List<String> challenges = new ArrayList<>(2);
        if (bearer || bearerError != null || !apiKeys) {
            StringBuilder challenge = new StringBuilder("Bearer realm=\"" + REALM + "\"");
            if (bearerError != null) {
                challenge
                        .append(", error=\"")
                        .append(quoted(bearerError.getErrorCode()))
                        .append('"');
                if (bearerError.getDescription() != null) {
                    challenge
                            .append(", error_description=\"")
                            .append(quoted(bearerError.getDescription()))
                            .append('"');
                }
            }
            challenges.add(challenge.toString());
        }
        if (apiKeys) {
            challenges.add("ApiKey realm=\"" + REALM + "\", header=\"" + ApiKeyAuthenticationManager.HEADER + "\"");
        }
        return challenges;
    }

    private String detail(ServerWebExchange exchange, AuthenticationException error, OAuth2Error bearerError) {
        if (bearerError != null) {
            return bearerError.getDescription() != null
                    ? bearerError.getDescription()
                    : "The bearer token was rejected";
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (headers.containsHeader(ApiKeyAuthenticationManager.HEADER)) {
            return "The API key is not valid";
        }
        if (!bearer && !apiKeys) {
            return "The gateway accepts no credentials: configure API keys or JWT validation";
        }
        return "Send " + (apiKeys ? "an API key in the " + ApiKeyAuthenticationManager.HEADER + " header" : "")
                + (apiKeys && bearer ? " or " : "")
                + (bearer ? "a bearer token in the Authorization header" : "");
    }

    /** Keeps a value safe inside a quoted-string (RFC 9110): no quotes, backslashes or control characters. */
    private static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(c == '"' || c == '\\' || c < 0x20 || c > 0x7e ? '\'' : c);
        }
        return out.toString();
    }
}
