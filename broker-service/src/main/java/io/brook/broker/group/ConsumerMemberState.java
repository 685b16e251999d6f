package io.brook.broker.group;

/**
 * Where a member of a consumer group stands in reconciling its current assignment with its target assignment
 * (KIP-848). The byte is what the current-assignment record stores.
 */
enum ConsumerMemberState {
    /** The member owns its whole target assignment, at the target assignment epoch. */
    STABLE((byte) 0),
    /** The member must first give up partitions it still owns; its epoch stays until it acknowledges. */
    UNREVOKED_PARTITIONS((byte) 1),
    /** The member reached the target epoch but waits for partitions other members still own. */
    UNRELEASED_PARTITIONS((byte) 2);

    private final byte id;

    ConsumerMemberState(byte id) {
        this.id = id;
    }

    byte id() {
        return id;
    }

    static ConsumerMemberState fromId(byte id) {
        for (ConsumerMemberState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown consumer member state " + id);
    }
}
