package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.problem.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks the caller's grants against the topic a request touches. The authenticated principal's
 * authorities are its grants ({@link Grant}s, or authorities whose text is in {@link Grant} syntax).
 * With security switched off every request is allowed. Stateless; safe from any thread.
 */
@Component
public class TopicAuthorizer {

    /** Name of the principal of requests when security is off. */
    public static final String ANONYMOUS = "anonymous";

    private final boolean enabled;

    public TopicAuthorizer(GatewayProperties properties) {
        this.enabled = properties.security().enabled();
    }

    /** Completes when the caller may do {@code permission} on {@code topic}; else errors with 403. */
    public Mono<Void> require(Permission permission, String topic) {
        if (!enabled) {
            return Mono.empty();
        }
        return authentication()
                .filter(authentication -> allows(authentication, permission, topic))
                .switchIfEmpty(Mono.error(() -> forbidden(permission, topic)))
                .then();
    }

    /** The caller's name, {@value #ANONYMOUS} when security is off. */
    public Mono<String> principal() {
        return authentication()
                .filter(authentication -> !(authentication instanceof AnonymousAuthenticationToken))
                .map(Authentication::getName)
                .defaultIfEmpty(ANONYMOUS);
    }

    private static Mono<Authentication> authentication() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated);
    }

    static boolean allows(Authentication authentication, Permission permission, String topic) {
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            if (authority instanceof Grant grant) {
                if (grant.allows(permission, topic)) {
                    return true;
                }
                continue;
            }
            String text = authority.getAuthority();
            if (text == null || text.indexOf(':') <= 0) {
                continue;
            }
            try {
                if (Grant.parse(text).allows(permission, topic)) {
                    return true;
                }
            } catch (IllegalArgumentException notAGrant) {
                // Other authorities (scopes, roles) are not grants.
            }
        }
        return false;
    }

    private static ApiProblem forbidden(Permission permission, String topic) {
        return new ApiProblem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Forbidden",
                "The caller may not " + permission.id() + " topic '" + topic + "'");
    }
}
