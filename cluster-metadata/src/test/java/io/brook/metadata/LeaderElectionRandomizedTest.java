package io.brook.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.MetadataRecord.AlterPartition;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Drives the metadata state machine with random fencing, restarts, ISR changes and preferred elections over a model
 * of each replica's log end offset, and checks after every step that elections are clean: one leader per epoch,
 * epochs never move back, the ISR is never empty, and a new leader always holds every committed record (the high
 * watermark, the least log end offset over the ISR). A failure names its seed.
 */
class LeaderElectionRandomizedTest {

    private static final int BROKERS = 5;
    private static final int PARTITIONS = 4;
    private static final int STEPS = 3_000;

    @Test
    void electionsAreCleanUnderRandomFailures() {
        long base = Long.getLong("brook.test.seed", System.nanoTime());
        for (int run = 0; run < 20; run++) {
            long seed = base + run;
            try {
                new Run(new Random(seed)).go();
            } catch (AssertionError e) {
                throw new AssertionError("failed with seed " + seed + " (-Dbrook.test.seed=" + seed + ")", e);
            }
        }
    }

    private static final class Run {
        private final Random random;
        private ClusterState state = ClusterState.empty("c");
        private long index;
        /** Log end offset of each broker's replica, per partition. */
        private final long[][] leo = new long[PARTITIONS][BROKERS + 1];

        private final long[] highWatermark = new long[PARTITIONS];
        private final Map<String, Integer> leaderOfEpoch = new HashMap<>();

        Run(Random random) {
            this.random = random;
        }

        void go() {
            for (int b = 1; b <= BROKERS; b++) {
                restart(b);
                apply(new UnfenceBroker(b, index));
            }
            List<List<Integer>> assignments = ReplicaPlacer.place(state, PARTITIONS, 3);
            apply(new CreateTopic("t", "id", Map.of(), assignments));
            for (int step = 0; step < STEPS; step++) {
                int action = random.nextInt(10);
                if (action < 4) {
                    produceAndReplicate();
                } else if (action < 6) {
                    changeIsr();
                } else if (action < 7) {
                    int b = 1 + random.nextInt(BROKERS);
                    apply(new FenceBroker(b, state.broker(b).orElseThrow().epoch()));
                } else if (action < 8) {
                    restart(1 + random.nextInt(BROKERS));
                } else if (action < 9) {
                    int b = 1 + random.nextInt(BROKERS);
                    apply(new UnfenceBroker(b, state.broker(b).orElseThrow().epoch()));
                } else {
                    apply(new MetadataRecord.ElectPreferredLeaders(
                            List.of(new MetadataRecord.TopicPartitionRef("t", random.nextInt(PARTITIONS)))));
                }
            }
        }

        private void restart(int b) {
            apply(new RegisterBroker(b, "inc-" + index, "h", b, null));
        }

        private void produceAndReplicate() {
            for (PartitionState p : state.topic("t").orElseThrow().partitions()) {
                if (!p.hasLeader()) {
                    continue;
                }
                int n = p.partition();
                leo[n][p.leader()] += random.nextInt(5);
                for (int follower : p.replicas()) {
                    if (follower != p.leader() && state.isUnfenced(follower) && random.nextBoolean()) {
                        leo[n][follower] = leo[n][p.leader()];
                    }
                }
                long hw = p.isr().stream().mapToLong(r -> leo[n][r]).min().orElseThrow();
                highWatermark[n] = Math.max(highWatermark[n], hw);
            }
        }

        /** The leader shrinks the ISR to the replicas caught up to its high watermark, or adds one that is. */
        private void changeIsr() {
            PartitionState p = state.topic("t").orElseThrow().partitions().get(random.nextInt(PARTITIONS));
            if (!p.hasLeader()) {
                return;
            }
            int n = p.partition();
            List<Integer> isr = new ArrayList<>();
            for (int r : p.replicas()) {
                boolean caughtUp = leo[n][r] >= highWatermark[n];
                boolean keep = p.isr().contains(r) ? random.nextInt(3) > 0 : caughtUp && random.nextBoolean();
                if (r == p.leader() || (keep && caughtUp)) {
                    isr.add(r);
                }
            }
            long epoch = state.broker(p.leader()).orElseThrow().epoch();
            apply(new AlterPartition("t", n, p.leader(), epoch, p.leaderEpoch(), p.partitionEpoch(), isr));
        }

        private void apply(MetadataRecord record) {
            ClusterState before = state;
            state = MetadataApplier.apply(state, ++index, record).state();
            check(before, record);
        }

        private void check(ClusterState before, MetadataRecord record) {
            TopicState topic = state.topic("t").orElse(null);
            if (topic == null) {
                return;
            }
            for (PartitionState p : topic.partitions()) {
                int n = p.partition();
                String where = "partition " + n + " after " + record + ": " + p;
                assertThat(p.isr()).as(where).isNotEmpty();
                assertThat(p.replicas()).as(where).containsAll(p.isr());
                if (p.hasLeader()) {
                    assertThat(p.isr()).as(where).contains(p.leader());
                    assertThat(state.isUnfenced(p.leader())).as(where).isTrue();
                    assertThat(leo[n][p.leader()])
                            .as("leader holds every committed record; " + where)
                            .isGreaterThanOrEqualTo(highWatermark[n]);
                    Integer earlier = leaderOfEpoch.putIfAbsent(n + "@" + p.leaderEpoch(), p.leader());
                    assertThat(earlier == null || earlier == p.leader())
                            .as("one leader per epoch; " + where)
                            .isTrue();
                }
                before.topic("t").ifPresent(b -> {
                    PartitionState old = b.partitions().get(n);
                    assertThat(p.leaderEpoch()).as(where).isGreaterThanOrEqualTo(old.leaderEpoch());
                    assertThat(p.partitionEpoch()).as(where).isGreaterThanOrEqualTo(old.partitionEpoch());
                    if (old.leader() != p.leader()) {
                        assertThat(p.leaderEpoch()).as(where).isGreaterThan(old.leaderEpoch());
                    }
                });
                // A new leader's log is the log: out-of-sync followers will truncate to it.
                if (p.hasLeader()) {
                    for (int r : p.replicas()) {
                        leo[n][r] = Math.min(leo[n][r], leo[n][p.leader()]);
                    }
                }
            }
        }
    }
}
