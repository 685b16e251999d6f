package io.brook.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.broker.group.GroupRecord.ClassicGroupMetadata;
import io.brook.broker.group.GroupRecord.OffsetCommit;
import io.brook.broker.group.GroupSnapshot.MemberSnapshot;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class GroupRecordCodecTest {

    private static final TopicPartition TP = new TopicPartition("t", 3);

    private static List<GroupRecord> roundTrip(List<GroupRecord> records) {
        MemoryRecords batch = GroupRecordCodec.toBatch(records, 1234);
        List<GroupRecord> decoded = new ArrayList<>();
        for (RecordBatch b : batch.batches()) {
            assertThat(b.producerId()).isEqualTo(RecordBatch.NO_PRODUCER_ID);
            for (Record r : b) {
                decoded.add(GroupRecordCodec.decode(r).orElseThrow());
            }
        }
        return decoded;
    }

    @Test
    void offsetCommitsAndTombstonesRoundTripInOneBatch() {
        var commit = new OffsetCommit("g", TP, new CommittedOffset(42, 7, "meta", 1000, -1));
        var tombstone = new OffsetCommit("g", TP, null);

        assertThat(roundTrip(List.of(commit, tombstone))).containsExactly(commit, tombstone);
    }

    @Test
    void groupMetadataRoundTripsWithMembersAndBytes() {
        var member = new MemberSnapshot(
                "m-1", "instance", "client", "/10.0.0.1", 30_000, 10_000, new byte[] {1, 2}, new byte[] {3});
        var snapshot = new GroupSnapshot("consumer", 4, "range", "m-1", 99, List.of(member));

        GroupRecord decoded =
                roundTrip(List.of(new ClassicGroupMetadata("g", snapshot))).get(0);

        GroupSnapshot value = ((ClassicGroupMetadata) decoded).value();
        assertThat(value.generation()).isEqualTo(4);
        assertThat(value.protocol()).isEqualTo("range");
        assertThat(value.leader()).isEqualTo("m-1");
        assertThat(value.stateTimestampMs()).isEqualTo(99);
        MemberSnapshot m = value.members().get(0);
        assertThat(m.instanceId()).isEqualTo("instance");
        assertThat(m.clientHost()).isEqualTo("/10.0.0.1");
        assertThat(m.subscription()).containsExactly(1, 2);
        assertThat(m.assignment()).containsExactly(3);
        assertThat(roundTrip(List.of(new ClassicGroupMetadata("g", null))))
                .containsExactly(new ClassicGroupMetadata("g", null));
    }

    @Test
    void emptyGroupKeepsNullProtocolAndLeader() {
        var snapshot = new GroupSnapshot("", 2, null, null, 5, List.of());
        GroupSnapshot value = ((ClassicGroupMetadata) roundTrip(List.of(new ClassicGroupMetadata("g", snapshot)))
                        .get(0))
                .value();
        assertThat(value.protocol()).isNull();
        assertThat(value.leader()).isNull();
        assertThat(value.members()).isEmpty();
    }

    @Test
    void offsetCommitKeyFollowsTheDocumentedLayout() {
        byte[] key = GroupRecordCodec.key(new OffsetCommit("g", TP, null));

        assertThat(key).containsExactly(0, 1, 0, 1, 'g', 0, 1, 't', 0, 0, 0, 3);
        assertThat(GroupRecordCodec.value(new OffsetCommit("g", TP, null))).isNull();
    }

    @Test
    void unknownKeyTypesAreSkippedAndMalformedRecordsRejected() {
        MemoryRecords unknown = MemoryRecords.withRecords(
                Compression.NONE, new SimpleRecord(1L, new byte[] {0, 9, 0, 0}, new byte[] {0, 0}));
        Record record = unknown.records().iterator().next();
        assertThat(GroupRecordCodec.decode(record)).isEmpty();

        MemoryRecords truncated = MemoryRecords.withRecords(
                Compression.NONE,
                new SimpleRecord(1L, ByteBuffer.wrap(new byte[] {0, 1, 0, 5, 'g'}), ByteBuffer.wrap(new byte[0])));
        Record bad = truncated.records().iterator().next();
        assertThatThrownBy(() -> GroupRecordCodec.decode(bad)).isInstanceOf(CorruptRecordException.class);
    }
}
