package io.brook.broker.replica;

import io.brook.broker.partition.Partition;
import io.brook.metadata.ClusterState;
import io.brook.metadata.PartitionState;
import io.brook.metadata.TopicState;
import io.brook.storage.LogReadResult;
import io.brook.storage.PartitionLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * What must hold after every step of a {@link SimCluster} run, whatever the network and the pauses did:
 *
 * <ul>
 *   <li>at most one broker ever believes it leads a partition at a given leader epoch, and the controller names
 *       one leader per epoch;
 *   <li>the high watermark of a leader never moves back within its leader epoch;
 *   <li>every acknowledged batch is in the log of every member of the partition's ISR as the controller has it
 *       (the leader first), at its offsets, with its content: any of them may be elected next;
 *   <li>any two replicas agree on every batch below both their high watermarks (committed data is the same
 *       everywhere).
 * </ul>
 *
 * Once the network has healed and the cluster settled: every replica is in the ISR, holds the same log as the
 * leader, and holds every acknowledged record.
 */
final class ReplicationInvariants {

    /** A batch as a log holds it. */
    record Batch(long baseOffset, long lastOffset, int leaderEpoch, long checksum) {}

    private final Map<String, Integer> believedLeaders = new HashMap<>();
    private final Map<String, Integer> electedLeaders = new HashMap<>();
    private final Map<String, Long> highWatermarks = new HashMap<>();
    private long checkedIndex;

    void check(SimCluster cluster) {
        if (!cluster.violations().isEmpty()) {
            throw new AssertionError(cluster.violations().get(0));
        }
        checkElections(cluster);
        checkLeaders(cluster);
        for (TopicPartition tp : cluster.topicPartitions()) {
            Map<Integer, List<Batch>> logs = new HashMap<>();
            for (SimBroker broker : cluster.brokers()) {
                broker.log(tp).ifPresent(log -> logs.put(broker.id(), batches(log)));
            }
            PartitionState state = cluster.controller()
                    .state()
                    .topic(tp.topic())
                    .orElseThrow()
                    .partitions()
                    .get(tp.partition());
            for (int replica : state.isr()) {
                checkAcknowledged(cluster, tp, cluster.broker(replica), state, logs);
            }
            checkCommittedPrefixes(cluster, tp, logs);
        }
    }

    /** The controller's leader for each epoch, over every state it went through. */
    private void checkElections(SimCluster cluster) {
        SimController controller = cluster.controller();
        for (long index = checkedIndex + 1; index <= controller.lastIndex(); index++) {
            ClusterState state = controller.stateAt(index);
            for (TopicState topic : state.topics().values()) {
                for (PartitionState p : topic.partitions()) {
                    if (!p.hasLeader()) {
                        continue;
                    }
                    String key = topic.name() + "-" + p.partition() + " epoch " + p.leaderEpoch();
                    Integer before = electedLeaders.putIfAbsent(key, p.leader());
                    if (before != null && before != p.leader()) {
                        throw new AssertionError("the controller elected both broker " + before + " and broker "
                                + p.leader() + " for " + key + " (metadata index " + index + ")");
                    }
                    if (!p.isr().contains(p.leader())) {
                        throw new AssertionError("the controller's leader " + p.leader() + " of " + key
                                + " is not in the ISR " + p.isr() + " (metadata index " + index + ")");
                    }
                }
            }
        }
        checkedIndex = controller.lastIndex();
    }

    /** One broker per partition and leader epoch, ever; a leader's high watermark only moves forward. */
    private void checkLeaders(SimCluster cluster) {
        for (SimBroker broker : cluster.brokers()) {
            for (TopicPartition tp : cluster.topicPartitions()) {
                Optional<Partition> led = broker.led(tp);
                if (led.isEmpty()) {
                    continue;
                }
                Partition partition = led.get();
                String key = tp + " epoch " + partition.leaderEpoch();
                Integer before = believedLeaders.putIfAbsent(key, broker.id());
                if (before != null && before != broker.id()) {
                    throw new AssertionError(
                            "brokers " + before + " and " + broker.id() + " both believe they lead " + key);
                }
                long highWatermark = partition.log().highWatermark();
                Long previous = highWatermarks.put(key + " at broker " + broker.id(), highWatermark);
                if (previous != null && highWatermark < previous) {
                    throw new AssertionError("the high watermark of " + key + " at leader " + broker.id()
                            + " moved back from " + previous + " to " + highWatermark);
                }
            }
        }
    }

    private static void checkAcknowledged(
            SimCluster cluster,
            TopicPartition tp,
            SimBroker replica,
            PartitionState state,
            Map<Integer, List<Batch>> logs) {
        List<Batch> log = logs.getOrDefault(replica.id(), List.of());
        Map<Long, Batch> byBase = new HashMap<>();
        log.forEach(b -> byBase.put(b.baseOffset(), b));
        for (SimCluster.Acked acked : cluster.acked(tp).values()) {
            Batch found = byBase.get(acked.baseOffset());
            if (found == null || found.lastOffset() != acked.lastOffset() || found.checksum() != acked.checksum()) {
                throw new AssertionError("acknowledged batch " + acked.values() + " at offsets " + acked.baseOffset()
                        + ".." + acked.lastOffset() + " of " + tp + " (acknowledged by " + acked.by()
                        + ") is not in the log of broker " + replica.id() + " (leader " + state.leader() + ", ISR "
                        + state.isr() + " at leader epoch " + state.leaderEpoch() + "), which holds " + found
                        + " there; its log ends at "
                        + replica.log(tp).map(PartitionLog::logEndOffset).orElse(-1L));
            }
        }
    }

    /** Any two replicas hold the same batches below the lower of their high watermarks. */
    private static void checkCommittedPrefixes(SimCluster cluster, TopicPartition tp, Map<Integer, List<Batch>> logs) {
        List<SimBroker> brokers = cluster.brokers();
        for (int i = 0; i < brokers.size(); i++) {
            for (int j = i + 1; j < brokers.size(); j++) {
                SimBroker a = brokers.get(i);
                SimBroker b = brokers.get(j);
                if (a.log(tp).isEmpty() || b.log(tp).isEmpty()) {
                    continue;
                }
                long limit = Math.min(
                        a.log(tp).get().highWatermark(), b.log(tp).get().highWatermark());
                List<Batch> left = below(logs.get(a.id()), limit);
                List<Batch> right = below(logs.get(b.id()), limit);
                if (!left.equals(right)) {
                    throw new AssertionError("brokers " + a.id() + " and " + b.id() + " disagree on " + tp
                            + " below their common high watermark " + limit + ": first difference "
                            + firstDifference(left, right));
                }
            }
        }
    }

    private static List<Batch> below(List<Batch> batches, long limit) {
        return batches.stream().filter(b -> b.baseOffset() < limit).toList();
    }

    private static String firstDifference(List<Batch> left, List<Batch> right) {
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            Batch l = i < left.size() ? left.get(i) : null;
            Batch r = i < right.size() ? right.get(i) : null;
            if (l == null || !l.equals(r)) {
                return l + " vs " + r;
            }
        }
        return "none";
    }

    /** Why the healed cluster has not settled yet, or empty once it has. */
    Optional<String> unsettled(SimCluster cluster) {
        SimController controller = cluster.controller();
        for (SimBroker broker : cluster.brokers()) {
            if (broker.appliedIndex() != controller.lastIndex()) {
                return Optional.of("broker " + broker.id() + " has applied the metadata up to " + broker.appliedIndex()
                        + " of " + controller.lastIndex());
            }
            if (!controller.state().isUnfenced(broker.id())) {
                return Optional.of("broker " + broker.id() + " is fenced");
            }
        }
        for (TopicPartition tp : cluster.topicPartitions()) {
            PartitionState state = controller
                    .state()
                    .topic(tp.topic())
                    .orElseThrow()
                    .partitions()
                    .get(tp.partition());
            if (!state.hasLeader()) {
                return Optional.of(tp + " has no leader: " + state);
            }
            if (state.isr().size() != state.replicas().size()) {
                return Optional.of(tp + " has ISR " + state.isr() + " of replicas " + state.replicas());
            }
            SimBroker leader = cluster.broker(state.leader());
            Optional<Partition> led = leader.led(tp);
            if (led.isEmpty() || led.get().leaderEpoch() != state.leaderEpoch()) {
                return Optional.of(
                        "broker " + leader.id() + " does not lead " + tp + " at epoch " + state.leaderEpoch());
            }
            PartitionLog leaderLog = led.get().log();
            if (leaderLog.highWatermark() != leaderLog.logEndOffset()) {
                return Optional.of(tp + " at leader " + leader.id() + " has high watermark " + leaderLog.highWatermark()
                        + " below its log end " + leaderLog.logEndOffset());
            }
            for (int replica : state.replicas()) {
                PartitionLog log = cluster.broker(replica).log(tp).orElseThrow();
                if (log.logEndOffset() != leaderLog.logEndOffset() || log.highWatermark() != log.logEndOffset()) {
                    return Optional.of(tp + " at broker " + replica + " ends at " + log.logEndOffset()
                            + " with high watermark " + log.highWatermark() + "; the leader's log ends at "
                            + leaderLog.logEndOffset());
                }
            }
        }
        return Optional.empty();
    }

    /** After settling: every replica holds the leader's log, with every acknowledged record in it. */
    void checkSettled(SimCluster cluster) {
        unsettled(cluster).ifPresent(reason -> {
            throw new AssertionError("the cluster did not settle after the network healed: " + reason);
        });
        for (TopicPartition tp : cluster.topicPartitions()) {
            SimBroker leader = cluster.controllerLeader(tp).orElseThrow();
            List<Batch> leaderBatches = batches(leader.log(tp).orElseThrow());
            for (SimBroker replica : cluster.brokers()) {
                PartitionLog log = replica.log(tp).orElseThrow();
                List<Batch> batches = batches(log);
                if (!batches.equals(leaderBatches)) {
                    throw new AssertionError("broker " + replica.id() + " holds a different log of " + tp
                            + " than leader " + leader.id() + ": first difference "
                            + firstDifference(batches, leaderBatches));
                }
                Map<Long, String> values = values(log);
                for (SimCluster.Acked acked : cluster.acked(tp).values()) {
                    for (int i = 0; i < acked.values().size(); i++) {
                        long offset = acked.baseOffset() + i;
                        if (!acked.values().get(i).equals(values.get(offset))) {
                            throw new AssertionError("in-sync replica " + replica.id() + " holds "
                                    + values.get(offset) + " at offset " + offset + " of " + tp + ", not the"
                                    + " acknowledged " + acked.values().get(i));
                        }
                    }
                }
            }
        }
    }

    /** The batches of {@code log}, read through its public read path. */
    static List<Batch> batches(PartitionLog log) {
        List<Batch> batches = new ArrayList<>();
        forEachBatch(
                log,
                batch -> batches.add(new Batch(
                        batch.baseOffset(), batch.lastOffset(), batch.partitionLeaderEpoch(), batch.checksum())));
        return batches;
    }

    private static Map<Long, String> values(PartitionLog log) {
        Map<Long, String> values = new HashMap<>();
        forEachBatch(log, batch -> {
            for (Record record : batch) {
                values.put(
                        record.offset(),
                        StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        });
        return values;
    }

    private static void forEachBatch(PartitionLog log, java.util.function.Consumer<RecordBatch> action) {
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            LogReadResult read = log.read(offset, 1 << 20, true);
            if (read.records().isEmpty() || read.nextOffset() <= offset) {
                break;
            }
            for (RecordBatch batch :
                    MemoryRecords.readableRecords(read.records().readFully()).batches()) {
                action.accept(batch);
            }
            offset = read.nextOffset();
        }
    }
}
