package io.brook.broker.replica;

import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized runs of replication and leader election: three brokers built from the production parts
 * ({@link SimBroker}: logs, partition manager, follower state, ISR manager), the controller's state machine
 * ({@link SimController}), and a network that drops, delays and reorders every message ({@link SimNetwork});
 * brokers are paused (and fenced when the pause outlasts their session), restarted and cut off ({@link SimCluster}).
 * After every step the {@link ReplicationInvariants} must hold; at the end the network heals, and every replica must
 * catch up and hold every acknowledged record.
 *
 * <p>A failure names its seed and step, the run's settings and its recent events. Rerun one seed with
 * {@code -Dbrook.test.seed=<seed>}; run other seeds with {@code -Dbrook.test.seeds=<count>} from
 * {@code -Dbrook.test.firstSeed=<seed>} (default 1), longer runs with {@code -Dbrook.test.steps=<steps>}, and show
 * more events with {@code -Dbrook.test.trace=<lines>}.
 */
class ReplicationSimulationTest {

    private static final int DEFAULT_SEEDS = 20;
    private static final int DEFAULT_STEPS = 400;
    private static final int STEPS = Integer.getInteger("brook.test.steps", DEFAULT_STEPS);
    private static final int MAX_SETTLE_STEPS = 1_000;

    @TempDir(factory = MemoryBackedTempDir.class)
    Path dataDir;

    static LongStream seeds() {
        String seed = System.getProperty("brook.test.seed", "").trim();
        if (!seed.isEmpty()) {
            return LongStream.of(Long.parseLong(seed));
        }
        long first = Long.getLong("brook.test.firstSeed", 1L);
        return LongStream.range(first, first + Integer.getInteger("brook.test.seeds", DEFAULT_SEEDS));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replicationKeepsAcknowledgedRecordsAndElectsOneLeaderPerEpoch(long seed) {
        var invariants = new ReplicationInvariants();
        try (var cluster = new SimCluster(seed, dataDir)) {
            try {
                for (int i = 0; i < STEPS; i++) {
                    cluster.step(true);
                    invariants.check(cluster);
                }
                cluster.heal();
                for (int i = 0;
                        i < MAX_SETTLE_STEPS && invariants.unsettled(cluster).isPresent();
                        i++) {
                    cluster.step(false);
                    invariants.check(cluster);
                }
                invariants.checkSettled(cluster);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(failure(cluster, e), e);
            }
        }
    }

    private static String failure(SimCluster cluster, Throwable e) {
        String steps = STEPS == DEFAULT_STEPS ? "" : " -Dbrook.test.steps=" + STEPS;
        return "Replication simulation failed with seed " + cluster.seed() + " at step " + cluster.step() + ": "
                + e + "\nRerun: ./mvnw -o test -pl broker-service -Dtest=ReplicationSimulationTest"
                + " -Dbrook.test.seed=" + cluster.seed() + steps + "\nSettings: " + cluster.settings() + "; "
                + cluster.network().stats() + "\nRecent events:\n" + cluster.recentEvents();
    }
}
