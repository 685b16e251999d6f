package io.brook.broker.replica;

import io.brook.storage.PartitionLog;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * The follower side of replication: one {@link ReplicaFetcher} per leader broker, each fetching every partition
 * this broker follows from that leader. Partitions move between fetchers as their leaders change.
 *
 * <p>Threading: called by the metadata thread (through the partition manager) and at close; methods are
 * synchronized, and the fetchers' own threads do the I/O.
 */
public final class ReplicaFetcherManager implements FollowerRegistry, AutoCloseable {

    private final int brokerId;
    private final IntFunction<LeaderFetcher> newFetcher;
    private final Map<Integer, LeaderFetcher> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> leaders = new HashMap<>();
    private boolean closed;

    public ReplicaFetcherManager(
            int brokerId, ReplicaFetcherConfig config, IntFunction<Optional<InetSocketAddress>> addresses) {
        this(brokerId, leaderId -> new ReplicaFetcher(leaderId, brokerId, config, addresses));
    }

    /** With fetchers made by {@code newFetcher} for each leader id (simulated ones in tests). */
    ReplicaFetcherManager(int brokerId, IntFunction<LeaderFetcher> newFetcher) {
        this.brokerId = brokerId;
        this.newFetcher = newFetcher;
    }

    @Override
    public synchronized void follow(TopicPartition partition, PartitionLog log, int leaderId, int leaderEpoch) {
        if (closed) {
            return;
        }
        // A replica's log is replicated whether or not its partition has a leader now: without this, a replica of
        // a leaderless partition would report its whole log as committed (the high watermark of an unreplicated log
        // is its end).
        log.enableReplicatedHighWatermark();
        Integer previous = leaders.get(partition);
        if (previous != null && previous != leaderId) {
            fetchers.get(previous).remove(partition);
            leaders.remove(partition);
        }
        if (leaderId < 0 || leaderId == brokerId) {
            return;
        }
        fetchers.computeIfAbsent(leaderId, newFetcher::apply).add(partition, log, leaderEpoch);
        leaders.put(partition, leaderId);
    }

    @Override
    public synchronized void unfollow(TopicPartition partition) {
        Integer leader = leaders.remove(partition);
        if (leader != null) {
            fetchers.get(leader).remove(partition);
        }
    }

    /** How many partitions are being fetched, by leader; for tests and metrics. */
    public synchronized Map<Integer, Integer> followedByLeader() {
        Map<Integer, Integer> counts = new HashMap<>();
        leaders.values().forEach(l -> counts.merge(l, 1, Integer::sum));
        return counts;
    }

    @Override
    public synchronized void close() {
        closed = true;
        fetchers.values().forEach(LeaderFetcher::close);
        fetchers.clear();
        leaders.clear();
    }
}
