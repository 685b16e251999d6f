package io.brook.metadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How partitions change when brokers come and go. Pure functions of a {@link ClusterState}; the applier calls them
 * for fencing, unfencing and preferred-leader election, so every replica of the metadata elects the same leaders.
 *
 * <p>Rules (Kafka's clean election):
 *
 * <ul>
 *   <li>A fenced broker leaves every ISR it is in, unless it is the last member: the last in-sync replica holds
 *       every acknowledged record, so it stays in the ISR and only it may lead the partition again.
 *   <li>A partition whose leader is fenced gets the first replica, in assignment order, that is in the remaining
 *       ISR and unfenced. With none, it stays leaderless ({@link PartitionState#NO_LEADER}) unless the topic enables
 *       unclean election, which picks any unfenced replica and makes it the whole ISR (acknowledged records may be
 *       lost: that is what unclean means).
 *   <li>Every leader change, to no leader included, bumps the leader epoch.
 *   <li>An unfenced broker becomes leader of the leaderless partitions whose ISR holds it (or, unclean, of which it
 *       is a replica). It joins other ISRs only when their leaders see it caught up.
 * </ul>
 */
final class LeaderElection {

    private LeaderElection() {}

    /** {@code state} with {@code brokerId} (already marked fenced) out of leadership and ISRs. */
    static ClusterState afterFencing(ClusterState state, int brokerId) {
        return mapPartitions(state, (topic, p) -> {
            if (!p.isr().contains(brokerId) && p.leader() != brokerId) {
                return p;
            }
            List<Integer> isr = p.isr();
            if (isr.size() > 1 && isr.contains(brokerId)) {
                isr = isr.stream().filter(r -> r != brokerId).toList();
            }
            if (p.leader() != brokerId) {
                return isr.equals(p.isr()) ? p : p.withIsr(isr);
            }
            return elect(state, topic, p, isr);
        });
    }

    /** {@code state} with the leaderless partitions that {@code brokerId} (already unfenced) can lead given to it. */
    static ClusterState afterUnfencing(ClusterState state, int brokerId) {
        return mapPartitions(state, (topic, p) -> {
            if (p.hasLeader() || !p.replicas().contains(brokerId)) {
                return p;
            }
            return elect(state, topic, p, p.isr());
        });
    }

    /** The listed partitions led by their preferred replica where it is in sync and unfenced. */
    static ClusterState preferred(ClusterState state, List<MetadataRecord.TopicPartitionRef> partitions) {
        ClusterState next = state;
        for (MetadataRecord.TopicPartitionRef ref : partitions) {
            TopicState topic = next.topics().get(ref.topic());
            if (topic == null
                    || ref.partition() < 0
                    || ref.partition() >= topic.partitions().size()) {
                continue;
            }
            PartitionState p = topic.partitions().get(ref.partition());
            int preferred = p.preferredLeader();
            if (p.leader() != preferred && p.isr().contains(preferred) && next.isUnfenced(preferred)) {
                next = next.withTopic(topic.name(), topic.withPartition(p.withLeader(preferred, p.isr())));
            }
        }
        return next;
    }

    /** Leader for {@code p} with {@code isr}: clean first, unclean if the topic allows, else none. */
    private static PartitionState elect(ClusterState state, TopicState topic, PartitionState p, List<Integer> isr) {
        for (int replica : p.replicas()) {
            if (isr.contains(replica) && state.isUnfenced(replica)) {
                return replica == p.leader() && isr.equals(p.isr()) ? p : p.withLeader(replica, isr);
            }
        }
        if (topic.uncleanLeaderElection()) {
            for (int replica : p.replicas()) {
                if (state.isUnfenced(replica)) {
                    return p.withLeader(replica, List.of(replica));
                }
            }
        }
        if (!p.hasLeader()) {
            return isr.equals(p.isr()) ? p : p.withIsr(isr);
        }
        return p.withLeader(PartitionState.NO_LEADER, isr);
    }

    private interface PartitionChange {
        PartitionState apply(TopicState topic, PartitionState partition);
    }

    private static ClusterState mapPartitions(ClusterState state, PartitionChange change) {
        Map<String, TopicState> topics = new HashMap<>(state.topics());
        boolean changed = false;
        for (TopicState topic : state.topics().values()) {
            List<PartitionState> partitions = new ArrayList<>(topic.partitions().size());
            boolean topicChanged = false;
            for (PartitionState p : topic.partitions()) {
                PartitionState next = change.apply(topic, p);
                topicChanged |= next != p;
                partitions.add(next);
            }
            if (topicChanged) {
                topics.put(topic.name(), topic.withPartitions(partitions));
                changed = true;
            }
        }
        return changed ? state.withTopics(topics) : state;
    }
}
