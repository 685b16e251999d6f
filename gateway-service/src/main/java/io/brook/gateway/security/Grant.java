package io.brook.gateway.security;

import java.util.Locale;
import org.springframework.security.core.GrantedAuthority;

/**
 * One permission on a set of topics, written {@code <permission>:<topic pattern>}: {@code read:orders},
 * {@code write:orders-*} (a trailing {@code *} matches any suffix), {@code admin:*}. Group
 * endpoints check the topics they touch; cluster-wide actions (listing groups) need
 * {@code admin:*}.
 *
 * <p>A grant is the authority of an authenticated principal: {@link #getAuthority()} is its text.
 */
public record Grant(Permission permission, String pattern) implements GrantedAuthority {

    public Grant {
        if (permission == null || pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("a grant needs a permission and a topic pattern");
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && star != pattern.length() - 1) {
            throw new IllegalArgumentException(
                    "'*' may only end a topic pattern ('orders-*', '*'), not appear in '" + pattern + "'");
        }
    }

    /** Parses {@code read:orders}; throws {@link IllegalArgumentException} when malformed. */
    public static Grant parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    "a grant looks like read:<topic>, write:<topic> or admin:<topic>, not '" + text + "'");
        }
        Permission permission;
        try {
            permission = Permission.valueOf(text.substring(0, colon).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown permission in grant '" + text + "'");
        }
        String pattern = text.substring(colon + 1).trim();
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("grant '" + text + "' names no topic");
        }
        return new Grant(permission, pattern);
    }

    /** Whether this grant allows {@code wanted} on {@code topic}. */
    public boolean allows(Permission wanted, String topic) {
        if (!permission.implies(wanted)) {
            return false;
        }
        if (pattern.endsWith("*")) {
            return topic.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(topic);
    }

    @Override
    public String getAuthority() {
        return toString();
    }

    @Override
    public String toString() {
        return permission.id() + ":" + pattern;
    }
}
