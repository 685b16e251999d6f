package io.brook.broker.group;

import org.apache.kafka.common.TopicPartition;

/**
 * A record of the offsets topic, decoded. Each kind has its own key type (see {@link GroupRecordCodec} for the
 * bytes); a null value is a tombstone. Group types added later bring their own record kinds and key types.
 */
public sealed interface GroupRecord {

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
