package io.brook.controller.quorum;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration of one controller's quorum membership.
 *
 * @param nodeId this controller's id; must be one of {@code voters}
 * @param clusterId the cluster id the metadata state carries; also seeds the Raft group id
 * @param voters every member of the quorum, an odd number of them
 * @param dataDir where the Raft log and snapshots live ({@code <dataDir>/raft})
 * @param electionTimeoutMin lower bound of the randomized Raft election timeout
 * @param electionTimeoutMax upper bound of the randomized Raft election timeout
 * @param requestTimeout how long a submitted record may take to be committed and applied here
 * @param snapshotThreshold applied entries after which Ratis takes a snapshot and purges the log
 * @param recentRecords applied records kept in memory for brokers following the log
 */
public record QuorumConfig(
        int nodeId,
        String clusterId,
        List<Voter> voters,
        Path dataDir,
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        Duration requestTimeout,
        long snapshotThreshold,
        int recentRecords) {

    public QuorumConfig {
        voters = List.copyOf(voters);
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("The cluster id must not be blank");
        }
        if (voters.isEmpty() || voters.size() % 2 == 0) {
            throw new IllegalArgumentException("A quorum needs an odd number of voters (1, 3 or 5), not " + voters);
        }
        if (voters.stream().noneMatch(v -> v.id() == nodeId)) {
            throw new IllegalArgumentException("Node id " + nodeId + " is not among the voters " + voters);
        }
        if (electionTimeoutMin.isNegative()
                || electionTimeoutMin.isZero()
                || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("Election timeouts must satisfy 0 < min < max, not " + electionTimeoutMin
                    + " / " + electionTimeoutMax);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("The request timeout must be positive, not " + requestTimeout);
        }
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("The snapshot threshold must be >= 1, not " + snapshotThreshold);
        }
        if (recentRecords < 1) {
            throw new IllegalArgumentException("Recent records must be >= 1, not " + recentRecords);
        }
    }

    /** This node's own voter entry. */
    public Voter self() {
        return voter(nodeId).orElseThrow();
    }

    public Optional<Voter> voter(int id) {
        return voters.stream().filter(v -> v.id() == id).findFirst();
    }
}
