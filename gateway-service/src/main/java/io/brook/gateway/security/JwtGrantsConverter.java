package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a validated JWT into the request's authentication: the principal from the configured claim
 * ({@code sub} by default), the grants from the permissions claim, which holds a JSON list of
 * strings or one space-separated string. Entries that are not grants (other scopes) are skipped. A
 * token without the principal claim is rejected. Stateless.
 */
final class JwtGrantsConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private static final Logger log = LoggerFactory.getLogger(JwtGrantsConverter.class);

    private final String permissionsClaim;
    private final String principalClaim;

    JwtGrantsConverter(GatewayProperties.Jwt settings) {
        this.permissionsClaim = settings.permissionsClaim();
        this.principalClaim = settings.principalClaim();
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        Object name = jwt.getClaims().get(principalClaim);
        if (name == null || name.toString().isBlank()) {
            return Mono.error(new InvalidBearerTokenException("The token has no '" + principalClaim + "' claim"));
        }
        return Mono.just(
                new JwtAuthenticationToken(jwt, grants(jwt.getClaims().get(permissionsClaim)), name.toString()));
    }

    List<Grant> grants(Object claim) {
        List<String> texts = new ArrayList<>();
        if (claim instanceof String text) {
            for (String part : text.trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    texts.add(part);
                }
            }
        } else if (claim instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String text) {
                    texts.add(text.trim());
                }
            }
        }
        List<Grant> grants = new ArrayList<>(texts.size());
        for (String text : texts) {
            try {
                grants.add(Grant.parse(text));
            } catch (IllegalArgumentException notAGrant) {
                log.debug("Ignoring '{}' in claim '{}': not a grant", text, permissionsClaim);
            }
        }
        return List.copyOf(grants);
    }
}
