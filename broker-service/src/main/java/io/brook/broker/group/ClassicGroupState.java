package io.brook.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a classic group and which state each may be entered from.
 *
 * <pre>
 *   Empty --join--> PreparingRebalance --all joined / timeout--> CompletingRebalance --leader's sync--> Stable
 *     ^                 |    ^                                        |                                  |
 *     +--no members-----+    +------------- member joins, leaves, changes, expires ----------------------+
 * </pre>
 *
 * Dead is where a deleted group ends; it is never entered by anything else.
 */
public enum ClassicGroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    ClassicGroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name Kafka tools show and the ListGroups states filter matches (case-insensitively). */
    public String displayName() {
        return displayName;
    }

    Set<ClassicGroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(ClassicGroupState.class);
        };
    }
}
