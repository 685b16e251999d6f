package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.gateway.config.GatewayProperties;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtDecoderFactoryTest {

    @TempDir
    Path dir;

    @Test
    void readsAPemPublicKeyFromAPathOrAFileUrl() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PublicKey key = generator.generateKeyPair().getPublic();
        Path pem = Files.writeString(
                dir.resolve("key.pem"),
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        assertThat(JwtDecoderFactory.readPublicKey(pem.toString()).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(JwtDecoderFactory.readPublicKey(pem.toUri().toString()).getEncoded())
                .isEqualTo(key.getEncoded());
    }

    @Test
    void failsClearlyOnAMissingOrWrongFile() throws Exception {
        assertThatThrownBy(() ->
                        JwtDecoderFactory.readPublicKey(dir.resolve("none.pem").toString()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("none.pem");
        Path notAKey = Files.writeString(dir.resolve("bad.pem"), "hello");
        assertThatThrownBy(() -> JwtDecoderFactory.readPublicKey(notAKey.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad.pem");
        assertThatThrownBy(() -> JwtDecoderFactory.readPublicKey("classpath:no/such/key.pem"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void refusesTwoKeySources() {
        GatewayProperties.Jwt both =
                new GatewayProperties.Jwt("", "https://idp/jwks", "/key.pem", "permissions", "sub");
        assertThatThrownBy(() -> JwtDecoderFactory.create(both)).hasMessageContaining("not both");
        assertThat(JwtDecoderFactory.configured(both)).isTrue();
        assertThat(JwtDecoderFactory.configured(new GatewayProperties.Jwt("x", "", "", "permissions", "sub")))
                .isFalse();
    }
}
