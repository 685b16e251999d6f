package io.brook.broker.group;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * The offsets-topic records of consumer groups (KIP-848), decoded. As in Kafka, a group's state is spread over
 * several keys so that a heartbeat writes only what changed: the group's epoch, each member's metadata, each
 * member's target assignment, the target assignment's epoch, and each member's current assignment. A null value is
 * a tombstone. Removing a member writes its current assignment, target assignment and metadata tombstones, in that
 * order; deleting the group then writes the target-assignment-epoch and group-epoch tombstones.
 */
sealed interface ConsumerGroupRecord extends GroupRecord {

    /**
     * The group's epoch and the hash of the subscribed topics' metadata it was computed with.
     *
     * @param value null deletes the group
     */
    record GroupEpoch(String groupId, Epoch value) implements ConsumerGroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }

        record Epoch(int epoch, long metadataHash) {}
    }

    /** A member's metadata; a null value removes the member. */
    record MemberMetadata(String groupId, String memberId, ConsumerMemberMetadata value)
            implements ConsumerGroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }
    }

    /** A member's target assignment; a null value removes it. */
    record TargetAssignment(String groupId, String memberId, Map<Uuid, Set<Integer>> value)
            implements ConsumerGroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }
    }

    /** The epoch of the group's target assignment, written after the members' target assignments. */
    record TargetAssignmentEpoch(String groupId, Integer value) implements ConsumerGroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }
    }

    /** A member's current assignment; a null value removes it. */
    record CurrentAssignment(String groupId, String memberId, ConsumerMemberAssignment value)
            implements ConsumerGroupRecord {
        @Override
        public boolean isTombstone() {
            return value == null;
        }
    }
}
