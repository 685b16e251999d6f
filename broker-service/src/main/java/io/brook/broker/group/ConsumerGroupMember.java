package io.brook.broker.group;

/**
 * One member of a consumer group: its id, what it told the coordinator, and its current assignment. Immutable; the
 * group replaces a member when a record about it is replayed.
 *
 * @param memberId chosen by the client (ConsumerGroupHeartbeat v1+), or by the coordinator when a v0 client sent ""
 */
record ConsumerGroupMember(String memberId, ConsumerMemberMetadata metadata, ConsumerMemberAssignment assignment) {

    static ConsumerGroupMember newMember(String memberId) {
        return new ConsumerGroupMember(memberId, ConsumerMemberMetadata.EMPTY, ConsumerMemberAssignment.NONE);
    }

    String instanceId() {
        return metadata.instanceId();
    }

    boolean isStatic() {
        return metadata.instanceId() != null;
    }

    int memberEpoch() {
        return assignment.memberEpoch();
    }

    ConsumerMemberState state() {
        return assignment.state();
    }

    ConsumerGroupMember withMetadata(ConsumerMemberMetadata value) {
        return new ConsumerGroupMember(memberId, value, assignment);
    }

    ConsumerGroupMember withAssignment(ConsumerMemberAssignment value) {
        return new ConsumerGroupMember(memberId, metadata, value);
    }
}
