package io.brook.broker.group;

import io.brook.broker.group.ConsumerGroupRecord.CurrentAssignment;
import io.brook.broker.group.ConsumerGroupRecord.GroupEpoch;
import io.brook.broker.group.ConsumerGroupRecord.MemberMetadata;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignment;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignmentEpoch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * The keys and values of consumer-group records (key types 3 to 7), in the layout {@link GroupRecordCodec}
 * documents and with its primitives: the codec dispatches here by key type. Stateless and thread-safe.
 */
final class ConsumerRecordCodec {

    private ConsumerRecordCodec() {}

    static void writeKey(GroupRecordCodec.Writer out, ConsumerGroupRecord record) {
        if (record instanceof GroupEpoch r) {
            out.int16(GroupRecordCodec.CONSUMER_GROUP_EPOCH_KEY);
            out.string(r.groupId());
        } else if (record instanceof MemberMetadata r) {
            memberKey(out, GroupRecordCodec.CONSUMER_MEMBER_METADATA_KEY, r.groupId(), r.memberId());
        } else if (record instanceof TargetAssignment r) {
            memberKey(out, GroupRecordCodec.CONSUMER_TARGET_ASSIGNMENT_KEY, r.groupId(), r.memberId());
        } else if (record instanceof TargetAssignmentEpoch r) {
            out.int16(GroupRecordCodec.CONSUMER_TARGET_ASSIGNMENT_EPOCH_KEY);
            out.string(r.groupId());
        } else if (record instanceof CurrentAssignment r) {
            memberKey(out, GroupRecordCodec.CONSUMER_CURRENT_ASSIGNMENT_KEY, r.groupId(), r.memberId());
        }
    }

    private static void memberKey(GroupRecordCodec.Writer out, short type, String groupId, String memberId) {
        out.int16(type);
        out.string(groupId);
        out.string(memberId);
    }

    /** The fields of a non-tombstone value, after its version. */
    static void writeValue(GroupRecordCodec.Writer out, ConsumerGroupRecord record) {
        if (record instanceof GroupEpoch r) {
            out.int32(r.value().epoch());
            out.int64(r.value().metadataHash());
        } else if (record instanceof MemberMetadata r) {
            ConsumerMemberMetadata m = r.value();
            out.string(m.instanceId());
            out.string(m.rackId());
            out.string(m.clientId());
            out.string(m.clientHost());
            out.int32(m.subscribedTopicNames().size());
            m.subscribedTopicNames().forEach(out::string);
            out.string(m.subscribedTopicRegex());
            out.string(m.serverAssignor());
            out.int32(m.rebalanceTimeoutMs());
        } else if (record instanceof TargetAssignment r) {
            writeAssignment(out, r.value());
        } else if (record instanceof TargetAssignmentEpoch r) {
            out.int32(r.value());
        } else if (record instanceof CurrentAssignment r) {
            ConsumerMemberAssignment a = r.value();
            out.int32(a.memberEpoch());
            out.int32(a.previousMemberEpoch());
            out.int8(a.state().id());
            writeAssignment(out, a.assignedPartitions());
            writeAssignment(out, a.partitionsPendingRevocation());
        }
    }

    private static void writeAssignment(GroupRecordCodec.Writer out, Map<Uuid, Set<Integer>> assignment) {
        out.int32(assignment.size());
        assignment.forEach((topic, partitions) -> {
            out.int64(topic.getMostSignificantBits());
            out.int64(topic.getLeastSignificantBits());
            out.int32(partitions.size());
            partitions.forEach(out::int32);
        });
    }

    /**
     * Decodes a consumer-group record of key type {@code type}; {@code value} is null for a tombstone.
     *
     * @throws IllegalArgumentException (or BufferUnderflowException) if the bytes do not follow the layout
     */
    static ConsumerGroupRecord decode(short type, ByteBuffer key, ByteBuffer value) {
        String group = GroupRecordCodec.string(key);
        if (value != null) {
            GroupRecordCodec.version(value);
        }
        return switch (type) {
            case GroupRecordCodec.CONSUMER_GROUP_EPOCH_KEY ->
                new GroupEpoch(group, value == null ? null : new GroupEpoch.Epoch(value.getInt(), value.getLong()));
            case GroupRecordCodec.CONSUMER_MEMBER_METADATA_KEY ->
                new MemberMetadata(group, GroupRecordCodec.string(key), value == null ? null : metadata(value));
            case GroupRecordCodec.CONSUMER_TARGET_ASSIGNMENT_KEY ->
                new TargetAssignment(group, GroupRecordCodec.string(key), value == null ? null : assignment(value));
            case GroupRecordCodec.CONSUMER_TARGET_ASSIGNMENT_EPOCH_KEY ->
                new TargetAssignmentEpoch(group, value == null ? null : value.getInt());
            case GroupRecordCodec.CONSUMER_CURRENT_ASSIGNMENT_KEY ->
                new CurrentAssignment(group, GroupRecordCodec.string(key), value == null ? null : current(value));
            default -> throw new IllegalArgumentException("not a consumer group key type: " + type);
        };
    }

    private static ConsumerMemberMetadata metadata(ByteBuffer in) {
        String instanceId = GroupRecordCodec.string(in);
        String rackId = GroupRecordCodec.string(in);
        String clientId = GroupRecordCodec.string(in);
        String clientHost = GroupRecordCodec.string(in);
        int count = count(in);
        List<String> topics = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            topics.add(GroupRecordCodec.string(in));
        }
        return new ConsumerMemberMetadata(
                instanceId,
                rackId,
                clientId,
                clientHost,
                new TreeSet<>(topics),
                GroupRecordCodec.string(in),
                GroupRecordCodec.string(in),
                in.getInt());
    }

    private static ConsumerMemberAssignment current(ByteBuffer in) {
        int epoch = in.getInt();
        int previous = in.getInt();
        ConsumerMemberState state = ConsumerMemberState.fromId(in.get());
        return new ConsumerMemberAssignment(epoch, previous, state, assignment(in), assignment(in));
    }

    private static Map<Uuid, Set<Integer>> assignment(ByteBuffer in) {
        int topics = count(in);
        Map<Uuid, Set<Integer>> assignment = new LinkedHashMap<>();
        for (int t = 0; t < topics; t++) {
            Uuid id = new Uuid(in.getLong(), in.getLong());
            int n = count(in);
            Set<Integer> partitions = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                partitions.add(in.getInt());
            }
            assignment.put(id, partitions);
        }
        return assignment;
    }

    private static int count(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining()) {
            throw new IllegalArgumentException("count " + count);
        }
        return count;
    }
}
