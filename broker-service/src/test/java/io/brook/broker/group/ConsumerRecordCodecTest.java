package io.brook.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.broker.group.ConsumerGroupRecord.CurrentAssignment;
import io.brook.broker.group.ConsumerGroupRecord.GroupEpoch;
import io.brook.broker.group.ConsumerGroupRecord.MemberMetadata;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignment;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignmentEpoch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

class ConsumerRecordCodecTest {

    private static final Uuid T1 = new Uuid(1, 2);
    private static final Uuid T2 = new Uuid(-3, 4);

    private static List<GroupRecord> roundTrip(List<GroupRecord> records) {
        MemoryRecords batch = GroupRecordCodec.toBatch(records, 1234);
        List<GroupRecord> decoded = new ArrayList<>();
        for (RecordBatch b : batch.batches()) {
            for (Record r : b) {
                decoded.add(GroupRecordCodec.decode(r).orElseThrow());
            }
        }
        return decoded;
    }

    @Test
    void everyConsumerRecordKindRoundTrips() {
        var metadata = new ConsumerMemberMetadata(
                "instance", "rack-a", "client", "/10.0.0.1", Set.of("b", "a"), null, "range", 30_000);
        var current = new ConsumerMemberAssignment(
                5, 4, ConsumerMemberState.UNREVOKED_PARTITIONS, Map.of(T1, Set.of(0, 2)), Map.of(T2, Set.of(7)));
        List<GroupRecord> records = List.of(
                new GroupEpoch("g", new GroupEpoch.Epoch(5, -42L)),
                new MemberMetadata("g", "m-1", metadata),
                new TargetAssignment("g", "m-1", Map.of(T1, Set.of(0, 1, 2), T2, Set.of())),
                new TargetAssignmentEpoch("g", 5),
                new CurrentAssignment("g", "m-1", current));

        assertThat(roundTrip(records)).containsExactlyElementsOf(records);
    }

    @Test
    void dynamicMemberWithRegexKeepsNullFields() {
        var metadata = new ConsumerMemberMetadata(null, null, "", "", Set.of(), "orders-.*", null, -1);
        var record = new MemberMetadata("g", "m", metadata);

        assertThat(roundTrip(List.of(record))).containsExactly(record);
    }

    @Test
    void tombstonesRoundTripAsNullValues() {
        List<GroupRecord> tombstones = List.of(
                new CurrentAssignment("g", "m", null),
                new TargetAssignment("g", "m", null),
                new MemberMetadata("g", "m", null),
                new TargetAssignmentEpoch("g", null),
                new GroupEpoch("g", null));

        assertThat(roundTrip(tombstones)).containsExactlyElementsOf(tombstones);
        tombstones.forEach(t -> assertThat(GroupRecordCodec.value(t)).isNull());
    }

    @Test
    void keysFollowTheDocumentedLayout() {
        assertThat(GroupRecordCodec.key(new GroupEpoch("g", null))).containsExactly(0, 3, 0, 1, 'g');
        assertThat(GroupRecordCodec.key(new MemberMetadata("g", "m", null)))
                .containsExactly(0, 4, 0, 1, 'g', 0, 1, 'm');
        assertThat(GroupRecordCodec.key(new TargetAssignment("g", "m", null)))
                .containsExactly(0, 5, 0, 1, 'g', 0, 1, 'm');
        assertThat(GroupRecordCodec.key(new TargetAssignmentEpoch("g", null))).containsExactly(0, 6, 0, 1, 'g');
        assertThat(GroupRecordCodec.key(new CurrentAssignment("g", "m", null)))
                .containsExactly(0, 7, 0, 1, 'g', 0, 1, 'm');
        assertThat(GroupRecordCodec.value(new TargetAssignmentEpoch("g", 9))).containsExactly(0, 0, 0, 0, 0, 9);
    }

    @Test
    void malformedConsumerRecordsAreRejected() {
        MemoryRecords truncated = MemoryRecords.withRecords(
                Compression.NONE, new SimpleRecord(1L, new byte[] {0, 3, 0, 1, 'g'}, new byte[] {0, 0, 0, 0}));
        Record bad = truncated.records().iterator().next();

        assertThatThrownBy(() -> GroupRecordCodec.decode(bad)).isInstanceOf(CorruptRecordException.class);
    }
}
