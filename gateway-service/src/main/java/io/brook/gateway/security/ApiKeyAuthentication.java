package io.brook.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request authenticated by a static API key: before authentication it carries the presented key,
 * after it the principal's name and grants (and no key).
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String principal;
    private String key;

    private ApiKeyAuthentication(String principal, String key, List<Grant> grants, boolean authenticated) {
        super(grants);
        this.principal = principal;
        this.key = key;
        super.setAuthenticated(authenticated);
    }

    /** The key a client presented, not yet checked. */
    public static ApiKeyAuthentication unauthenticated(String key) {
        return new ApiKeyAuthentication(null, key, List.of(), false);
    }

    /** A checked key acting as {@code principal} with {@code grants}. */
    public static ApiKeyAuthentication authenticated(String principal, List<Grant> grants) {
        return new ApiKeyAuthentication(principal, null, grants, true);
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("only ApiKeyAuthenticationManager authenticates an API key");
        }
        super.setAuthenticated(false);
    }

    @Override
    public void eraseCredentials() {
        key = null;
        super.eraseCredentials();
    }
}
