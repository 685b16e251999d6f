package io.brook.controller.quorum;

import java.util.List;

/**
 * One controller's view of the quorum.
 *
 * @param nodeId this node
 * @param role this node's Raft role: LEADER, FOLLOWER, CANDIDATE, or UNKNOWN before the server runs
 * @param leaderId the leader's node id, or null when unknown
 * @param term the current Raft term
 * @param commitIndex the highest log index this node knows to be committed
 * @param appliedIndex the highest log index this node's state machine has applied
 * @param voters the members of the quorum
 */
public record QuorumStatus(
        int nodeId, String role, Integer leaderId, long term, long commitIndex, long appliedIndex, List<Voter> voters) {

    public QuorumStatus {
        voters = List.copyOf(voters);
    }
}
