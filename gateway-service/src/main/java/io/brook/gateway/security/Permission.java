package io.brook.gateway.security;

import java.util.Locale;

/**
 * What a principal may do with a topic. {@code admin} implies {@code write} and {@code read}
 * (creating, deleting, configuring topics and managing groups need it).
 */
public enum Permission {
    READ,
    WRITE,
    ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether holding this permission allows {@code wanted}. */
    public boolean implies(Permission wanted) {
        return this == wanted || this == ADMIN;
    }
}
