package io.brook.storage;

import static io.brook.storage.TestRecords.concat;
import static io.brook.storage.TestRecords.fetched;
import static io.brook.storage.TestRecords.fetchedIdempotent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.errors.CorruptRecordException;
import io.brook.storage.errors.OutOfOrderSequenceException;
import io.brook.storage.errors.UnexpectedAppendOffsetException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FollowerAppendTest extends OpenedLogTest {

    private static final long PRODUCER = 4242L;
    private static final short EPOCH = 3;

    @Test
    void fetchedBatchesKeepTheirOffsetsEpochsAndTimestamps() {
        // LogAppendTime on the follower must not restamp what the leader wrote.
        PartitionLog log = open(TestLogConfig.config().logAppendTime());
        MemoryRecords records = concat(fetched(0, 3, 1_000, 2), fetched(2, 3, 2_000, 3), fetched(5, 7, 3_000, 1));
        byte[] sent = TestRecords.bytes(records);

        AppendResult result = log.appendAsFollower(records);

        assertThat(result.firstOffset()).isZero();
        assertThat(result.lastOffset()).isEqualTo(5);
        assertThat(result.recordCount()).isEqualTo(6);
        assertThat(result.sizeInBytes()).isEqualTo(sent.length);
        assertThat(result.logAppendTimeMs()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(result.duplicate()).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(6);
        LogReadResult read = log.read(0, Integer.MAX_VALUE, false);
        assertThat(TestRecords.bytes(read.records())).isEqualTo(sent);
        List<MutableRecordBatch> batches = TestRecords.batches(read.records());
        assertThat(batches).extracting(MutableRecordBatch::partitionLeaderEpoch).containsExactly(3, 3, 7);
        assertThat(batches).extracting(MutableRecordBatch::maxTimestamp).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(log.lastOffsetForLeaderEpoch(3)).isEqualTo(new EpochEndOffset(3, 5));
        assertThat(log.lastOffsetForLeaderEpoch(7)).isEqualTo(new EpochEndOffset(7, 6));
        assertThat(log.maxTimestampOffset()).hasValue(new TimestampOffset(3_000, 5));
    }

    @Test
    void followerCopiesTheLeaderByteForByteAcrossSegmentRolls() {
        LogConfig config = TestLogConfig.config()
                .segmentBytes(2_000)
                .indexIntervalBytes(300)
                .build();
        fixture = new LogFixture(dataDir, config);
        PartitionLog leader = fixture.manager.getOrCreateLog(new TopicPartition("orders", 1), config);
        PartitionLog follower = fixture.log();
        for (int i = 0; i < 40; i++) {
            int epoch = i < 15 ? 0 : i < 30 ? 2 : 5;
            MemoryRecords batch = i % 4 == 0
                    ? TestRecords.idempotent(PRODUCER, EPOCH, i / 4 * 2, 2)
                    : TestRecords.batch(fixture.clock.millis() + i, 1 + i % 5);
            leader.appendAsLeader(batch, epoch);
        }

        while (follower.logEndOffset() < leader.logEndOffset()) {
            follower.appendAsFollower(TestRecords.fetch(leader, follower.logEndOffset(), 1_500));
        }

        assertThat(follower.segmentsSnapshot()).hasSizeGreaterThan(3);
        for (long offset = 0; offset < leader.logEndOffset(); offset++) {
            assertThat(TestRecords.bytes(follower.read(offset, 1, true).records()))
                    .as("batch at offset %d", offset)
                    .isEqualTo(TestRecords.bytes(leader.read(offset, 1, true).records()));
        }
        for (int epoch = -1; epoch <= 6; epoch++) {
            assertThat(follower.lastOffsetForLeaderEpoch(epoch))
                    .as("epoch %d", epoch)
                    .isEqualTo(leader.lastOffsetForLeaderEpoch(epoch));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 2, 4, 100})
    void aBatchThatDoesNotStartAtTheLogEndIsRejected(long baseOffset) {
        PartitionLog log = open(TestLogConfig.config());
        log.appendAsFollower(fetched(0, 1, 1_000, 3));
        long size = log.sizeInBytes();

        assertThatThrownBy(() -> log.appendAsFollower(fetched(baseOffset, 1, 1_000, 2)))
                .isInstanceOfSatisfying(UnexpectedAppendOffsetException.class, e -> {
                    assertThat(e.firstOffset()).isEqualTo(baseOffset);
                    assertThat(e.expectedOffset()).isEqualTo(3);
                })
                .hasMessageContaining("orders-0")
                .hasMessageContaining("log end offset 3");
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.sizeInBytes()).isEqualTo(size);
    }

    @Test
    void nothingIsWrittenWhenALaterBatchDoesNotFollowTheOneBefore() {
        PartitionLog log = open(TestLogConfig.config());

        assertThatThrownBy(() -> log.appendAsFollower(concat(fetched(0, 1, 1_000, 2), fetched(3, 1, 1_000, 2))))
                .isInstanceOfSatisfying(
                        UnexpectedAppendOffsetException.class,
                        e -> assertThat(e.expectedOffset()).isEqualTo(2));
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @Test
    void aCompactedLogAcceptsTheGapsTheLeadersCleanerLeftAndRecoversThem() {
        PartitionLog log = open(TestLogConfig.config().compact());
        log.appendAsFollower(fetched(0, 1, 1_000, 2));
        log.appendAsFollower(concat(fetched(5, 1, 1_000, 2), fetched(10, 2, 1_000, 1)));

        assertThat(log.logEndOffset()).isEqualTo(11);
        assertThatThrownBy(() -> log.appendAsFollower(fetched(9, 2, 1_000, 1)))
                .isInstanceOf(UnexpectedAppendOffsetException.class);

        PartitionLog recovered = fixture.restartAfterCrash();

        assertThat(recovered.logEndOffset()).isEqualTo(11);
        assertThat(TestRecords.batches(recovered.read(2, 1, true).records())
                        .get(0)
                        .baseOffset())
                .isEqualTo(5);
        assertThat(recovered.lastOffsetForLeaderEpoch(1)).isEqualTo(new EpochEndOffset(1, 10));
    }

    @Test
    void damagedBatchesAreRejected() {
        PartitionLog log = open(TestLogConfig.config());
        byte[] good = TestRecords.bytes(fetched(0, 1, 1_000, 3));
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 0x5A;

        assertThatThrownBy(() -> log.appendAsFollower(records(flipped)))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("CRC");
        assertThatThrownBy(() -> log.appendAsFollower(records(Arrays.copyOf(good, good.length - 1))))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> log.appendAsFollower(records(Arrays.copyOf(good, good.length + 20))))
                .isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isZero();
        assertThat(log.sizeInBytes()).isZero();
    }

    @Test
    void emptyRecordsWriteNothing() {
        PartitionLog log = open(TestLogConfig.config());
        log.appendAsFollower(fetched(0, 1, 1_000, 2));

        AppendResult result = log.appendAsFollower(MemoryRecords.EMPTY);

        assertThat(result.recordCount()).isZero();
        assertThat(result.sizeInBytes()).isZero();
        assertThat(result.firstOffset()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(2);
    }

    @Test
    void producerStateFollowsTheFetchedBatchesSoThisReplicaCanLead() {
        PartitionLog log = open(TestLogConfig.config().segmentBytes(1_000));
        for (int i = 0; i < 8; i++) {
            log.appendAsFollower(fetchedIdempotent(i * 2L, 1, PRODUCER, EPOCH, i * 2, 1_000, 2));
        }

        assertLeadsWithTheFollowersProducerState(log);
        assertLeadsWithTheFollowersProducerState(fixture.restartAfterCrash());
    }

    private static void assertLeadsWithTheFollowersProducerState(PartitionLog log) {
        AppendResult retry = log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 14, 2), 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(14);
        assertThatThrownBy(() -> log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 20, 1), 2))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void sequencesTheLeaderAcceptedAreNotCheckedAgain() {
        PartitionLog log = open(TestLogConfig.config());
        log.appendAsFollower(fetchedIdempotent(0, 1, PRODUCER, EPOCH, 0, 1_000, 1));

        // A gap the leader let through (its state for the producer had expired) is copied as it is.
        AppendResult result = log.appendAsFollower(fetchedIdempotent(1, 1, PRODUCER, EPOCH, 10, 1_000, 1));

        assertThat(result.duplicate()).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.appendAsLeader(TestRecords.idempotent(PRODUCER, EPOCH, 11, 1), 1)
                        .firstOffset())
                .isEqualTo(2);
    }

    private static MemoryRecords records(byte[] bytes) {
        return MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
    }
}
