package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.authentication.TestingAuthenticationToken;

class GrantTest {

    @ParameterizedTest
    @CsvSource({
        "read:orders,     READ,  orders,    true",
        "read:orders,     READ,  orders-eu, false",
        "read:orders,     WRITE, orders,    false",
        "write:orders,    READ,  orders,    false",
        "write:orders-*,  WRITE, orders-eu, true",
        "write:orders-*,  WRITE, orders-,   true",
        "write:orders-*,  WRITE, orders,    false",
        "admin:orders,    READ,  orders,    true",
        "admin:orders,    WRITE, orders,    true",
        "admin:*,         ADMIN, anything,  true",
        "admin:*,         ADMIN, '*',       true",
        "admin:orders-*,  ADMIN, '*',       false",
        "READ : orders ,  READ,  orders,    true",
    })
    void allows(String text, Permission wanted, String topic, boolean allowed) {
        assertThat(Grant.parse(text).allows(wanted, topic)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "orders", ":orders", "read:", "read: ", "delete:orders", "read:ord*ers", "read:**"})
    void rejectsMalformedGrants(String text) {
        assertThatThrownBy(() -> Grant.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"read:orders", "write:orders-*", "admin:*"})
    void authorityIsTheGrantText(String text) {
        assertThat(Grant.parse(text).getAuthority()).isEqualTo(text);
        assertThat(Grant.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        "read:orders,          READ,  orders, true",
        "SCOPE_openid,         READ,  orders, false",
        "'ROLE_x,read:orders', READ,  orders, true",
        "'weird:thing,read:x', READ,  orders, false",
    })
    void authorizerReadsStringAuthoritiesToo(String authorities, Permission wanted, String topic, boolean allowed) {
        TestingAuthenticationToken authentication = new TestingAuthenticationToken("p", null, authorities.split(","));
        assertThat(TopicAuthorizer.allows(authentication, wanted, topic)).isEqualTo(allowed);
    }

    @org.junit.jupiter.api.Test
    void authorizerReadsGrantAuthorities() {
        ApiKeyAuthentication authentication =
                ApiKeyAuthentication.authenticated("p", List.of(Grant.parse("write:orders-*")));
        assertThat(TopicAuthorizer.allows(authentication, Permission.WRITE, "orders-1"))
                .isTrue();
        assertThat(TopicAuthorizer.allows(authentication, Permission.READ, "orders-1"))
                .isFalse();
        assertThat(TopicAuthorizer.allows(authentication, Permission.WRITE, "payments"))
                .isFalse();
    }
}
