package io.brook.broker.cluster;

import java.net.URI;
import java.util.List;

/**
 * How a broker takes part in a cluster. Without controllers the broker runs alone on its local metadata file and
 * leads every partition; with them it registers with the controller quorum, follows its metadata log, and
 * replicates partitions with the other brokers.
 *
 * @param controllers HTTP base URLs of the controllers (any subset of the quorum will do); empty for a single node
 * @param rack this broker's rack, for rack-aware placement; null when racks are not used
 * @param heartbeatIntervalMs how often the broker heartbeats to the active controller
 * @param controllerRequestTimeoutMs timeout of each call to a controller
 * @param replicaLagTimeMaxMs a follower that has not caught up with the leader's log end within this time leaves
 *     the ISR ({@code replica.lag.time.max.ms})
 * @param replicaFetchWaitMaxMs how long a follower's fetch waits at the leader for new data
 * @param replicaFetchMaxBytes bytes per partition a follower asks for in one fetch
 * @param offsetsTopicReplicationFactor replicas of {@code __consumer_offsets}, capped by the brokers available when
 *     it is created
 */
public record ClusterConfig(
        List<URI> controllers,
        String rack,
        int heartbeatIntervalMs,
        int controllerRequestTimeoutMs,
        long replicaLagTimeMaxMs,
        int replicaFetchWaitMaxMs,
        int replicaFetchMaxBytes,
        short offsetsTopicReplicationFactor) {

    public ClusterConfig {
        controllers = List.copyOf(controllers);
        if (heartbeatIntervalMs < 1 || controllerRequestTimeoutMs < 1 || replicaLagTimeMaxMs < 1) {
            throw new IllegalArgumentException("invalid cluster config: heartbeatIntervalMs=" + heartbeatIntervalMs
                    + " controllerRequestTimeoutMs=" + controllerRequestTimeoutMs + " replicaLagTimeMaxMs="
                    + replicaLagTimeMaxMs);
        }
    }

    /** A single broker, no controllers. */
    public static ClusterConfig standalone() {
        return new ClusterConfig(List.of(), null, 250, 5_000, 10_000, 500, 1024 * 1024, (short) 3);
    }

    /** Defaults for a broker of a cluster with these controllers. */
    public static ClusterConfig withControllers(List<URI> controllers) {
        return new ClusterConfig(controllers, null, 250, 5_000, 10_000, 500, 1024 * 1024, (short) 3);
    }

    public boolean clustered() {
        return !controllers.isEmpty();
    }
}
