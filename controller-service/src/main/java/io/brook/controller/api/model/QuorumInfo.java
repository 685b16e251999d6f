package io.brook.controller.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The quorum as the answering controller sees it.
 *
 * @param nodeId the answering controller
 * @param role its Raft role: LEADER, FOLLOWER, CANDIDATE (or UNKNOWN while starting)
 * @param leaderId the leader's id, or null while there is none
 * @param term the current Raft term
 * @param commitIndex the highest log index known committed
 * @param appliedIndex the highest log index applied to the metadata here
 */
public record QuorumInfo(
        int nodeId,
        String role,
        @Schema(nullable = true) Integer leaderId,
        long term,
        long commitIndex,
        long appliedIndex,
        List<VoterInfo> voters) {

    /** A voter, with the base URL of its HTTP API. */
    public record VoterInfo(int id, String host, int raftPort, int httpPort, String url) {}
}
