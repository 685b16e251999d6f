package io.brook.metadata;

import io.brook.metadata.MetadataRecord.AlterPartition;
import io.brook.metadata.MetadataRecord.CreatePartitions;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.DeleteTopic;
import io.brook.metadata.MetadataRecord.ElectPreferredLeaders;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.ReplaceTopicConfigs;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;

/**
 * The metadata state machine's transition function: {@code (state, index, record) -> (state', outcome)}.
 * Deterministic (no clock, no randomness, no I/O), so controllers applying the Raft log and brokers replaying it
 * reach identical states. Each record's preconditions are checked here, at its position in the log; a record that
 * fails them changes nothing but the applied index.
 */
public final class MetadataApplier {

    private MetadataApplier() {}

    public static ApplyResult apply(ClusterState state, long index, MetadataRecord record) {
        ClusterState at = state.atIndex(index);
        if (record instanceof RegisterBroker r) {
            return register(at, index, r);
        } else if (record instanceof FenceBroker r) {
            return fence(at, r);
        } else if (record instanceof UnfenceBroker r) {
            return unfence(at, r);
        } else if (record instanceof CreateTopic r) {
            return createTopic(at, r);
        } else if (record instanceof DeleteTopic r) {
            return at.topic(r.name()).isEmpty()
                    ? unknownTopic(at, r.name())
                    : ApplyResult.ok(at.withTopic(r.name(), null));
        } else if (record instanceof CreatePartitions r) {
            return createPartitions(at, r);
        } else if (record instanceof ReplaceTopicConfigs r) {
            return at.topic(r.topic())
                    .map(t -> ApplyResult.ok(at.withTopic(t.name(), t.withConfigs(r.configs()))))
                    .orElseGet(() -> unknownTopic(at, r.topic()));
        } else if (record instanceof AlterPartition r) {
            return alterPartition(at, r);
        } else if (record instanceof ElectPreferredLeaders r) {
            return ApplyResult.ok(LeaderElection.preferred(at, r.partitions()));
        }
        throw new IllegalArgumentException("unknown metadata record " + record);
    }

    private static ApplyResult register(ClusterState state, long index, RegisterBroker r) {
        var existing = state.broker(r.brokerId());
        if (existing.isPresent() && existing.get().incarnationId().equals(r.incarnationId())) {
            return ApplyResult.ok(state); // a retry of the same process's registration
        }
        ClusterState next = state;
        if (existing.isPresent() && !existing.get().fenced()) {
            next = LeaderElection.afterFencing(next.withBroker(existing.get().withFenced(true)), r.brokerId());
        }
        var registration =
                new BrokerRegistration(r.brokerId(), index, r.incarnationId(), r.host(), r.port(), r.rack(), true);
        return ApplyResult.ok(next.withBroker(registration));
    }

    private static ApplyResult fence(ClusterState state, FenceBroker r) {
        var broker = state.broker(r.brokerId()).orElse(null);
        if (broker == null || broker.epoch() != r.brokerEpoch()) {
            return staleEpoch(state, r.brokerId(), r.brokerEpoch());
        }
        if (broker.fenced()) {
            return ApplyResult.ok(state);
        }
        return ApplyResult.ok(LeaderElection.afterFencing(state.withBroker(broker.withFenced(true)), r.brokerId()));
    }

    private static ApplyResult unfence(ClusterState state, UnfenceBroker r) {
        var broker = state.broker(r.brokerId()).orElse(null);
        if (broker == null || broker.epoch() != r.brokerEpoch()) {
            return staleEpoch(state, r.brokerId(), r.brokerEpoch());
        }
        if (!broker.fenced()) {
            return ApplyResult.ok(state);
        }
        return ApplyResult.ok(LeaderElection.afterUnfencing(state.withBroker(broker.withFenced(false)), r.brokerId()));
    }

    private static ApplyResult createTopic(ClusterState state, CreateTopic r) {
        if (state.topic(r.name()).isPresent()) {
            return ApplyResult.rejected(state, Errors.TOPIC_ALREADY_EXISTS, "Topic '" + r.name() + "' already exists.");
        }
        boolean idTaken = state.topics().values().stream().anyMatch(t -> t.id().equals(r.topicId()));
        if (idTaken) {
            return ApplyResult.rejected(state, Errors.INVALID_REQUEST, "Topic id " + r.topicId() + " is in use.");
        }
        String invalid = invalidAssignments(state, r.assignments());
        if (invalid != null) {
            return ApplyResult.rejected(state, Errors.INVALID_REPLICA_ASSIGNMENT, invalid);
        }
        List<PartitionState> partitions = newPartitions(state, 0, r.assignments());
        return ApplyResult.ok(
                state.withTopic(r.name(), new TopicState(r.name(), r.topicId(), r.configs(), partitions)));
    }

    private static ApplyResult createPartitions(ClusterState state, CreatePartitions r) {
        TopicState topic = state.topic(r.topic()).orElse(null);
        if (topic == null) {
            return unknownTopic(state, r.topic());
        }
        if (topic.partitions().size() != r.expectedCount()) {
            return ApplyResult.rejected(
                    state,
                    Errors.INVALID_PARTITIONS,
                    "Topic '" + r.topic() + "' has " + topic.partitions().size() + " partitions, not "
                            + r.expectedCount() + ".");
        }
        String invalid = invalidAssignments(state, r.assignments());
        if (invalid != null) {
            return ApplyResult.rejected(state, Errors.INVALID_REPLICA_ASSIGNMENT, invalid);
        }
        List<PartitionState> partitions = new ArrayList<>(topic.partitions());
        partitions.addAll(newPartitions(state, partitions.size(), r.assignments()));
        return ApplyResult.ok(state.withTopic(topic.name(), topic.withPartitions(partitions)));
    }

    /** New partitions: all replicas in sync (they are empty), led by the first unfenced replica. */
    private static List<PartitionState> newPartitions(ClusterState state, int first, List<List<Integer>> assignments) {
        List<PartitionState> partitions = new ArrayList<>(assignments.size());
        for (int i = 0; i < assignments.size(); i++) {
            List<Integer> replicas = assignments.get(i);
            int leader = replicas.stream().filter(state::isUnfenced).findFirst().orElse(PartitionState.NO_LEADER);
            partitions.add(new PartitionState(first + i, replicas, replicas, leader, 0, 0));
        }
        return partitions;
    }

    private static String invalidAssignments(ClusterState state, List<List<Integer>> assignments) {
        if (assignments.isEmpty()) {
            return "At least one partition is needed.";
        }
        for (List<Integer> replicas : assignments) {
            Set<Integer> distinct = new HashSet<>(replicas);
            if (replicas.isEmpty() || distinct.size() != replicas.size()) {
                return "Replica assignment " + replicas + " is empty or repeats a broker.";
            }
            for (int broker : replicas) {
                if (state.broker(broker).isEmpty()) {
                    return "Replica assignment " + replicas + " names unregistered broker " + broker + ".";
                }
            }
        }
        return null;
    }

    private static ApplyResult alterPartition(ClusterState state, AlterPartition r) {
        TopicState topic = state.topic(r.topic()).orElse(null);
        if (topic == null
                || r.partition() < 0
                || r.partition() >= topic.partitions().size()) {
            return ApplyResult.rejected(
                    state, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unknown partition " + r.topic() + "-" + r.partition());
        }
        var broker = state.broker(r.leaderId()).orElse(null);
        if (broker == null || broker.epoch() != r.brokerEpoch()) {
            return staleEpoch(state, r.leaderId(), r.brokerEpoch());
        }
        PartitionState p = topic.partitions().get(r.partition());
        if (p.leader() != r.leaderId()) {
            return ApplyResult.rejected(
                    state, Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + r.leaderId() + " does not lead " + r.topic());
        }
        if (p.leaderEpoch() != r.leaderEpoch()) {
            return ApplyResult.rejected(
                    state,
                    Errors.FENCED_LEADER_EPOCH,
                    "Leader epoch " + r.leaderEpoch() + " is not the current " + p.leaderEpoch() + ".");
        }
        if (p.partitionEpoch() != r.partitionEpoch()) {
            return ApplyResult.rejected(
                    state,
                    Errors.INVALID_UPDATE_VERSION,
                    "Partition epoch " + r.partitionEpoch() + " is not the current " + p.partitionEpoch() + ".");
        }
        List<Integer> isr = r.newIsr();
        if (!isr.contains(r.leaderId()) || !p.replicas().containsAll(isr) || new HashSet<>(isr).size() != isr.size()) {
            return ApplyResult.rejected(
                    state, Errors.INVALID_REQUEST, "ISR " + isr + " must hold the leader and only replicas.");
        }
        for (int replica : isr) {
            if (!p.isr().contains(replica) && !state.isUnfenced(replica)) {
                return ApplyResult.rejected(
                        state, Errors.INELIGIBLE_REPLICA, "Broker " + replica + " is fenced and cannot join the ISR.");
            }
        }
        return ApplyResult.ok(state.withTopic(topic.name(), topic.withPartition(p.withIsr(isr))));
    }

    private static ApplyResult unknownTopic(ClusterState state, String name) {
        return ApplyResult.rejected(
                state, Errors.UNKNOWN_TOPIC_OR_PARTITION, "This server does not host this topic-partition: " + name);
    }

    private static ApplyResult staleEpoch(ClusterState state, int brokerId, long epoch) {
        return ApplyResult.rejected(
                state, Errors.STALE_BROKER_EPOCH, "Broker " + brokerId + " has no registration with epoch " + epoch);
    }
}
