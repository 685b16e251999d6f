package io.brook.broker.replica;

import io.brook.storage.PartitionLog;
import org.apache.kafka.common.TopicPartition;

/** Where the {@link io.brook.broker.partition.PartitionManager} hands the partitions this broker follows. */
public interface FollowerRegistry {

    /** No replication: a single node leads everything. */
    FollowerRegistry NONE = new FollowerRegistry() {
        @Override
        public void follow(TopicPartition partition, PartitionLog log, int leaderId, int leaderEpoch) {}

        @Override
        public void unfollow(TopicPartition partition) {}
    };

    /**
     * Replicates {@code partition} into {@code log} from {@code leaderId} at {@code leaderEpoch} (truncating any
     * divergent tail first); a later call with a new leader or epoch replaces the earlier one. A leader of -1 stops
     * fetching until the partition has a leader again.
     */
    void follow(TopicPartition partition, PartitionLog log, int leaderId, int leaderEpoch);

    /** Stops replicating {@code partition} (it is led here now, or no longer assigned here). */
    void unfollow(TopicPartition partition);
}
