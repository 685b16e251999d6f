package io.brook.broker.group;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import io.brook.broker.group.GroupRecord.OffsetCommit;
import io.brook.broker.group.GroupSnapshot.MemberSnapshot;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * The byte format of the offsets topic's records: a compact, versioned binary layout, big-endian.
 *
 * <pre>
 * key   := int16 keyType | fields of that type
 *   keyType 1  offset commit    string group | string topic | int32 partition
 *   keyType 2  classic group    string group
 *   keyType 3  consumer group epoch               string group
 *   keyType 4  consumer member metadata           string group | string member
 *   keyType 5  consumer target assignment         string group | string member
 *   keyType 6  consumer target assignment epoch   string group
 *   keyType 7  consumer current assignment        string group | string member
 * value := int16 valueVersion (0) | fields; an absent value (null) is a tombstone
 *   offset commit v0   int64 offset | int32 leaderEpoch | nstring metadata | int64 commitTimestampMs
 *                      | int64 expireTimestampMs (-1: none)
 *   classic group v0   string protocolType | int32 generation | nstring protocol | nstring leader
 *                      | int64 stateTimestampMs | int32 memberCount | member...
 *     member           string memberId | nstring instanceId | string clientId | string clientHost
 *                      | int32 rebalanceTimeoutMs | int32 sessionTimeoutMs | bytes subscription | bytes assignment
 *   group epoch v0     int32 epoch | int64 metadataHash
 *   member metadata v0 nstring instanceId | nstring rackId | string clientId | string clientHost
 *                      | int32 topicCount | string topic... | nstring regex | nstring assignor | int32 rebalanceTimeoutMs
 *   target assign. v0  assignment
 *   target epoch v0    int32 epoch
 *   current assign. v0 int32 epoch | int32 previousEpoch | int8 state (0 stable, 1 unrevoked, 2 unreleased)
 *                      | assignment (assigned) | assignment (pending revocation)
 *     assignment       int32 topicCount | per topic: int64 idHigh | int64 idLow | int32 n | int32 partition...
 * string  := int16 length | UTF-8 bytes        nstring := string, length -1 for null
 * bytes   := int32 length | bytes
 * </pre>
 *
 * <p>Compatibility: a later value version only appends fields, so a reader decodes the fields it knows of any
 * version; a record whose key type it does not know (a group type added later) is skipped, not failed. Keys are
 * what compaction keeps the latest of, so a key never carries anything but identity. Stateless and thread-safe.
 */
public final class GroupRecordCodec {

    static final short OFFSET_COMMIT_KEY = 1;
    static final short CLASSIC_GROUP_KEY = 2;
    static final short CONSUMER_GROUP_EPOCH_KEY = 3;
    static final short CONSUMER_MEMBER_METADATA_KEY = 4;
    static final short CONSUMER_TARGET_ASSIGNMENT_KEY = 5;
    static final short CONSUMER_TARGET_ASSIGNMENT_EPOCH_KEY = 6;
    static final short CONSUMER_CURRENT_ASSIGNMENT_KEY = 7;
    private static final short VALUE_VERSION = 0;

    private GroupRecordCodec() {}

    /** One producer-less v2 batch holding {@code records} in order, stamped with {@code timestampMs}. */
    public static MemoryRecords toBatch(List<GroupRecord> records, long timestampMs) {
        SimpleRecord[] simple = records.stream()
                .map(r -> new SimpleRecord(timestampMs, key(r), value(r)))
                .toArray(SimpleRecord[]::new);
        return MemoryRecords.withRecords(Compression.NONE, simple);
    }

    public static byte[] key(GroupRecord record) {
        var out = new Writer();
        if (record instanceof OffsetCommit c) {
            out.int16(OFFSET_COMMIT_KEY);
            out.string(c.groupId());
            out.string(c.partition().topic());
            out.int32(c.partition().partition());
        } else if (record instanceof ConsumerGroupRecord c) {
            ConsumerRecordCodec.writeKey(out, c);
        } else {
            out.int16(CLASSIC_GROUP_KEY);
            out.string(record.groupId());
        }
        return out.toBytes();
    }

    /** The value bytes, or null for a tombstone. */
    public static byte[] value(GroupRecord record) {
        if (record.isTombstone()) {
            return null;
        }
        var out = new Writer();
        out.int16(VALUE_VERSION);
        if (record instanceof OffsetCommit c) {
            CommittedOffset v = c.value();
            out.int64(v.offset());
            out.int32(v.leaderEpoch());
            out.string(v.metadata());
            out.int64(v.commitTimestampMs());
            out.int64(v.expireTimestampMs());
        } else if (record instanceof ClassicGroupMetadata g) {
            writeGroup(out, g.value());
        } else if (record instanceof ConsumerGroupRecord c) {
            ConsumerRecordCodec.writeValue(out, c);
        }
        return out.toBytes();
    }

    private static void writeGroup(Writer out, GroupSnapshot g) {
        out.string(g.protocolType());
        out.int32(g.generation());
        out.string(g.protocol());
        out.string(g.leader());
        out.int64(g.stateTimestampMs());
        out.int32(g.members().size());
        for (MemberSnapshot m : g.members()) {
            out.string(m.memberId());
            out.string(m.instanceId());
            out.string(m.clientId());
            out.string(m.clientHost());
            out.int32(m.rebalanceTimeoutMs());
            out.int32(m.sessionTimeoutMs());
            out.bytes(m.subscription());
            out.bytes(m.assignment());
        }
    }

    /**
     * Decodes one stored record; empty for a key type this version does not know.
     *
     * @throws CorruptRecordException if the bytes do not follow the layout
     */
    public static Optional<GroupRecord> decode(Record record) {
        if (!record.hasKey()) {
            throw new CorruptRecordException("offsets topic record at offset " + record.offset() + " has no key");
        }
        try {
            ByteBuffer key = record.key();
            ByteBuffer value = record.hasValue() ? record.value() : null;
            short type = key.getShort();
            return switch (type) {
                case OFFSET_COMMIT_KEY -> Optional.of(offsetCommit(key, value));
                case CLASSIC_GROUP_KEY -> Optional.of(classicGroup(key, value));
                case CONSUMER_GROUP_EPOCH_KEY,
                        CONSUMER_MEMBER_METADATA_KEY,
                        CONSUMER_TARGET_ASSIGNMENT_KEY,
                        CONSUMER_TARGET_ASSIGNMENT_EPOCH_KEY,
                        CONSUMER_CURRENT_ASSIGNMENT_KEY -> Optional.of(ConsumerRecordCodec.decode(type, key, value));
                default -> Optional.empty();
            };
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptRecordException(
                    "offsets topic record at offset " + record.offset() + " is malformed: " + e, e);
        }
    }

    private static OffsetCommit offsetCommit(ByteBuffer key, ByteBuffer value) {
        String group = string(key);
        TopicPartition tp = new TopicPartition(string(key), key.getInt());
        if (value == null) {
            return new OffsetCommit(group, tp, null);
        }
        version(value);
        return new OffsetCommit(
                group,
                tp,
                new CommittedOffset(value.getLong(), value.getInt(), string(value), value.getLong(), value.getLong()));
    }

    private static ClassicGroupMetadata classicGroup(ByteBuffer key, ByteBuffer value) {
        String group = string(key);
        if (value == null) {
            return new ClassicGroupMetadata(group, null);
        }
        version(value);
        String protocolType = string(value);
        int generation = value.getInt();
        String protocol = string(value);
        String leader = string(value);
        long stateTimestampMs = value.getLong();
        int count = value.getInt();
        if (count < 0 || count > value.remaining()) {
            throw new IllegalArgumentException("member count " + count);
        }
        List<MemberSnapshot> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new MemberSnapshot(
                    string(value),
                    string(value),
                    string(value),
                    string(value),
                    value.getInt(),
                    value.getInt(),
                    bytes(value),
                    bytes(value)));
        }
        return new ClassicGroupMetadata(
                group, new GroupSnapshot(protocolType, generation, protocol, leader, stateTimestampMs, members));
    }

    static void version(ByteBuffer value) {
        short version = value.getShort();
        if (version < 0) {
            throw new IllegalArgumentException("value version " + version);
        }
    }

    static String string(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bytes length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A growable big-endian buffer. */
    static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(64);

        void int8(int v) {
            ensure(1).put((byte) v);
        }

        void int16(int v) {
            ensure(2).putShort((short) v);
        }

        void int32(int v) {
            ensure(4).putInt(v);
        }

        void int64(long v) {
            ensure(8).putLong(v);
        }

        void string(String s) {
            if (s == null) {
                int16(-1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string of " + bytes.length + " bytes is too long for a record");
            }
            int16(bytes.length);
            ensure(bytes.length).put(bytes);
        }

        void bytes(byte[] b) {
            byte[] bytes = b == null ? new byte[0] : b;
            int32(bytes.length);
            ensure(bytes.length).put(bytes);
        }

        private ByteBuffer ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return buffer;
        }

        byte[] toBytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }
}
