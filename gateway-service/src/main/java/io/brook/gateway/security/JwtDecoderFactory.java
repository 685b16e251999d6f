package io.brook.gateway.security;

import io.brook.gateway.config.GatewayProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.interfaces.RSAPublicKey;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.util.ResourceUtils;

/**
 * Builds the bearer-token decoder from {@code brook.gateway.security.jwt}: signing keys from a JWK
 * set URI or from one RSA public key (PEM, a file path, a {@code file:} or a {@code classpath:}
 * location); the {@code iss} claim checked when an issuer is configured; expiry and not-before
 * always checked (60 s clock skew).
 */
final class JwtDecoderFactory {

    private JwtDecoderFactory() {}

    /** Whether bearer tokens are accepted at all. */
    static boolean configured(GatewayProperties.Jwt jwt) {
        return !jwt.jwkSetUri().isBlank() || !jwt.publicKeyLocation().isBlank();
    }

    /** The decoder; throws {@link IllegalStateException} when the settings are contradictory or unreadable. */
    static NimbusReactiveJwtDecoder create(GatewayProperties.Jwt jwt) {
        if (!jwt.jwkSetUri().isBlank() && !jwt.publicKeyLocation().isBlank()) {
            throw new IllegalStateException("set one of brook.gateway.security.jwt.jwk-set-uri and "
                    + "brook.gateway.security.jwt.public-key-location, not both");
        }
        NimbusReactiveJwtDecoder decoder = jwt.jwkSetUri().isBlank()
                ? NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(jwt.publicKeyLocation()))
                        .build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
        OAuth2TokenValidator<Jwt> validator = jwt.issuer().isBlank()
                ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(jwt.issuer());
        decoder.setJwtValidator(validator);
        return decoder;
    }

    static RSAPublicKey readPublicKey(String location) {
        // A bare path is a file; DefaultResourceLoader would look for it on the classpath.
        Resource resource = ResourceUtils.isUrl(location)
                ? new DefaultResourceLoader().getResource(location)
                : new FileSystemResource(location);
        try (InputStream in = resource.getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JWT public key at " + location, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the JWT public key at " + location + " is not a PEM RSA public key (BEGIN PUBLIC KEY)", e);
        }
    }
}
