package io.brook.broker.group;

import org.apache.kafka.common.TopicPartition;

/**
 * A record of the offsets topic, decoded. Each kind has its own key type (see {@link GroupRecordCodec} for the
 * bytes); a null value is a tombstone. Consumer groups (KIP-848) bring their own record kinds,
 * {@link ConsumerGroupRecord}; group types added later bring theirs, with key types of their own.
 */
public sealed interface GroupRecord
        permits GroupRecord.OffsetCommit, GroupRecord.ClassicGroupMetadata, ConsumerGroupRecord {

    String groupId();

    boolean isTombstone();

    /** A committed offset of {@code groupId} for {@code partition}; a null value deletes it. */
    record OffsetCommit(String groupId, TopicPartition partition, CommittedOffset value) implements GroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }
    }

    /** A classic group's metadata; a null value deletes the group. */
    record ClassicGroupMetadata(String groupId, GroupSnapshot value) implements GroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }
    }
}
