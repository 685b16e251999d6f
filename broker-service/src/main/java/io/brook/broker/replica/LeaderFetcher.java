package io.brook.broker.replica;

import io.brook.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;

/**
 * Replicates the partitions one leader broker leads into this broker's logs: {@link ReplicaFetcher} over a socket,
 * or a simulated link in tests. The {@link ReplicaFetcherManager} keeps one per leader and moves partitions between
 * them as leaders change.
 */
interface LeaderFetcher extends AutoCloseable {

    /** Follows {@code tp} at {@code leaderEpoch}; a new epoch settles the tail again. */
    void add(TopicPartition tp, PartitionLog log, int leaderEpoch);

    /** Stops following {@code tp}; when this returns, the fetcher no longer changes its log. */
    void remove(TopicPartition tp);

    @Override
    void close();
}
