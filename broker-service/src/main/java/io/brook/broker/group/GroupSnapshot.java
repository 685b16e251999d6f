package io.brook.broker.group;

import java.util.List;

/**
 * A classic group as one group-metadata record stores it: what a completed generation agreed on. Written when a
 * generation's assignment is distributed, when the group becomes empty, and when a static member is replaced.
 *
 * @param protocolType e.g. {@code consumer}, or "" for a group that only stores offsets
 * @param generation the generation id
 * @param protocol the selected protocol (assignor), null when the group has no members
 * @param leader the leader's member id, null when the group has no members
 * @param stateTimestampMs coordinator time at which the group reached the recorded state
 * @param members the members of this generation with their assignment
 */
public record GroupSnapshot(
        String protocolType,
        int generation,
        String protocol,
        String leader,
        long stateTimestampMs,
        List<MemberSnapshot> members) {

    public GroupSnapshot {
        protocolType = protocolType == null ? "" : protocolType;
        members = List.copyOf(members);
    }

    /**
     * One member of a recorded generation.
     *
     * @param subscription the member's metadata for the selected protocol
     * @param assignment what the leader assigned to it
     */
    public record MemberSnapshot(
            String memberId,
            String instanceId,
            String clientId,
            String clientHost,
            int rebalanceTimeoutMs,
            int sessionTimeoutMs,
            byte[] subscription,
            byte[] assignment) {}
}
