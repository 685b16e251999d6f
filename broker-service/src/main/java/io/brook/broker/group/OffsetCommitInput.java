package io.brook.broker.group;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * An OffsetCommit as the coordinator takes it, topics already resolved to names.
 *
 * @param generationId the committer's generation, -1 for a standalone consumer
 * @param memberId the committer's member id, "" for a standalone consumer
 * @param instanceId the committer's {@code group.instance.id}, null if dynamic
 * @param retentionMs OffsetCommit v2-4's explicit retention, -1 for the broker's {@code offsets.retention}
 * @param apiVersion the request version (v9+ answers GROUP_ID_NOT_FOUND for an unknown group)
 */
public record OffsetCommitInput(
        String groupId,
        int generationId,
        String memberId,
        String instanceId,
        long retentionMs,
        List<PartitionCommit> partitions,
        short apiVersion) {

    public OffsetCommitInput {
        memberId = memberId == null ? "" : memberId;
        partitions = List.copyOf(partitions);
    }

    /**
     * One partition's offset.
     *
     * @param leaderEpoch leader epoch of the last consumed record, -1 if unknown
     * @param metadata the client's string, null for none
     */
    public record PartitionCommit(TopicPartition partition, long offset, int leaderEpoch, String metadata) {}
}
