package io.brook.broker.group;

/** The state of a consumer group as ListGroups, DescribeGroups and ConsumerGroupDescribe report it. */
enum ConsumerGroupState {
    /** No members. */
    EMPTY("Empty"),
    /** The group epoch moved past the target assignment epoch: a new target assignment is due. */
    ASSIGNING("Assigning"),
    /** Some member has not yet reached the target assignment. */
    RECONCILING("Reconciling"),
    /** Every member owns its target assignment at the target epoch. */
    STABLE("Stable"),
    /** The group was deleted. */
    DEAD("Dead");

    private final String displayName;

    ConsumerGroupState(String displayName) {
        this.displayName = displayName;
    }

    String displayName() {
        return displayName;
    }
}
