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
    private final ReplicaFetcherConfig config;
    private final IntFunction<Optional<InetSocketAddress>> addresses;
    private final Map<Integer, ReplicaFetcher> fetchers = new HashMap<>();
    private final Map<TopicPartition, Integer> leaders = new HashMap<>();
    private boolean closed;

    public ReplicaFetcherManager(
            int brokerId, ReplicaFetcherConfig config, IntFunction<Optional<InetSocketAddress>> addresses) {
        this.brokerId = brokerId;
        this.config = config;
        this.addresses = addresses;
    }

    @Override
    public synchronized void follow(TopicPartition partition, PartitionLog log, int leaderId, int leaderEpoch) {
        if (closed) {
            return;
        }
        Integer previous = leaders.get(partition);
        if (previous != null && previous != leaderId) {
            fetchers.get(previous).remove(partition);
            leaders.remove(partition);
        }
        if (leaderId < 0 || leaderId == brokerId) {
            return;
        }
        fetchers.computeIfAbsent(leaderId, id -> new ReplicaFetcher(id, brokerId, config, addresses))
                .add(partition, log, leaderEpoch);
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
        fetchers.values().forEach(ReplicaFetcher::close);
        fetchers.clear();
        leaders.clear();
    }
}
