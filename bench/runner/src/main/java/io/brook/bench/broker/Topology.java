package io.brook.bench.broker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What each broker turn starts, the same for both sides: one broker alone, or a replicated cluster of three brokers
 * and one controller with topics of replication factor 3.
 *
 * <p>{@link #SINGLE}: Kafka as one node in KRaft combined mode, Brook as one broker without a controller; topics of
 * replication factor 1. {@link #RF3}: Kafka as one dedicated KRaft controller ({@code process.roles=controller}) and
 * three broker-only nodes, Brook as one controller and three brokers joined to it; topics of replication factor 3
 * with {@code min.insync.replicas=2}.
 */
public enum Topology {
    SINGLE(1, 1),
    RF3(3, 2);

    private final int brokers;
    private final int minInsyncReplicas;

    Topology(int brokers, int minInsyncReplicas) {
        this.brokers = brokers;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** Broker nodes per turn; every topic has one replica on each. */
    public int brokers() {
        return brokers;
    }

    public short replicationFactor() {
        return (short) brokers;
    }

    public int minInsyncReplicas() {
        return minInsyncReplicas;
    }

    /** Whether the turn starts a cluster (brokers joined to a separate controller) rather than one node. */
    public boolean replicated() {
        return brokers > 1;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The topology in a few words, for the report. */
    public String describe() {
        return replicated()
                ? brokers + " brokers + 1 controller per side, topics replication factor " + brokers
                        + ", min.insync.replicas=" + minInsyncReplicas
                : "1 broker per side, topics replication factor 1";
    }

    public static Topology fromCliName(String name) {
        for (Topology topology : values()) {
            if (topology.cliName().equals(name.trim())) {
                return topology;
            }
        }
        throw new IllegalArgumentException("unknown topology '" + name + "' (expected "
                + Arrays.stream(values()).map(Topology::cliName).collect(Collectors.joining(" or ")) + ")");
    }
}
