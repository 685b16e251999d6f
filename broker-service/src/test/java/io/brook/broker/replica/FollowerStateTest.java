package io.brook.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.metadata.TopicConfigs;
import io.brook.storage.EpochEndOffset;
import io.brook.storage.FlushListener;
import io.brook.storage.LogCleanerConfig;
import io.brook.storage.LogConfig;
import io.brook.storage.LogManager;
import io.brook.storage.LogManagerConfig;
import io.brook.storage.PartitionLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The follower's rules on a real log: where it truncates given the leader's OffsetForLeaderEpoch answer (KIP-101,
 * KIP-279), and what it does with fetch answers. A log is written with one record per offset, each with the leader
 * epoch listed for it.
 */
class FollowerStateTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final int LEADER = 1;
    private static final int SELF = 2;

    @TempDir
    Path dataDir;

    private LogManager logManager;
    private PartitionLog log;
    private FollowerState state;

    @BeforeEach
    void setUp() {
        logManager = new LogManager(
                new LogManagerConfig(dataDir, 1, 3_600_000L, 0),
                Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC),
                FlushListener.NONE,
                new LogCleanerConfig(false, 1, 1, 3_600_000L));
        LogConfig config = new TopicConfigs(Map.of()).toLogConfig(Map.of());
        logManager.startup(topic -> config);
        log = logManager.getOrCreateLog(TP, config);
        log.enableReplicatedHighWatermark();
        state = new FollowerState(LEADER, SELF, new ReplicaFetcherConfig(0, 1 << 20, 1 << 20, 1_000, () -> 7L));
    }

    @AfterEach
    void tearDown() {
        logManager.close();
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                // follower epochs per offset, high watermark, leader's answer (epoch, end), expected end, settled
                Arguments.of("same epoch, leader shorter", List.of(0, 0, 1, 1, 1), 2, 1, 3, 3, true),
                Arguments.of("same epoch, leader longer", List.of(0, 0, 1, 1), 2, 1, 9, 4, true),
                Arguments.of("leader's latest shared epoch is older", List.of(0, 0, 2, 2), 1, 0, 1, 1, true),
                // The leader has epoch 1 from offset 2; we have epoch 0 there: drop our epoch 2 and ask about 0.
                Arguments.of("leader has an epoch we lack", List.of(0, 0, 0, 0, 2, 2), 1, 1, 6, 4, false),
                // The leader has nothing of epoch 3 or later: drop our epoch 3, not down to the high watermark.
                Arguments.of("leader lacks our latest epoch", List.of(0, 0, 0, 3, 3), 1, -1, -1, 3, false),
                Arguments.of("leader lacks every epoch we have", List.of(4, 4), 0, -1, -1, 0, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void truncatesWhereTheLogsAgree(
            String name,
            List<Integer> epochs,
            long highWatermark,
            int leaderEpoch,
            long leaderEnd,
            long expectedEnd,
            boolean expectedSettled) {
        epochs.forEach(this::append);
        log.updateHighWatermark(highWatermark);
        state.add(TP, log, 9);

        FollowerState.EpochQuery query = state.epochQuery().orElseThrow();
        OffsetForLeaderPartition asked =
                query.request().data().topics().find(TP.topic()).partitions().get(0);
        assertThat(asked.leaderEpoch()).isEqualTo(epochs.get(epochs.size() - 1));
        assertThat(asked.currentLeaderEpoch()).isEqualTo(9);

        boolean askAgain = state.onEpochAnswer(query, answer(leaderEpoch, leaderEnd, Errors.NONE));

        assertThat(log.logEndOffset()).isEqualTo(expectedEnd);
        assertThat(log.highWatermark()).isLessThanOrEqualTo(expectedEnd);
        assertThat(state.followed(TP).orElseThrow().settled()).isEqualTo(expectedSettled);
        assertThat(askAgain).isEqualTo(!expectedSettled);
        assertThat(state.fetchQuery().isPresent()).isEqualTo(expectedSettled);
    }

    @Test
    void asksAgainUntilTheEpochsMatch() {
        List.of(0, 0, 0, 0, 2, 2, 5).forEach(this::append);
        state.add(TP, log, 6);
        // Leader epochs: 0 at [0, 2), 1 at [2, 6), 6 from 6 on.
        state.onEpochAnswer(state.epochQuery().orElseThrow(), answer(1, 6, Errors.NONE));
        assertThat(log.logEndOffset()).isEqualTo(4);
        FollowerState.EpochQuery second = state.epochQuery().orElseThrow();
        assertThat(second.request()
                        .data()
                        .topics()
                        .find(TP.topic())
                        .partitions()
                        .get(0)
                        .leaderEpoch())
                .isZero();

        state.onEpochAnswer(second, answer(0, 2, Errors.NONE));

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(state.followed(TP).orElseThrow().settled()).isTrue();
    }

    @Test
    void aLogWithoutEpochsIsSettledWithoutAsking() {
        state.add(TP, log, 3);
        assertThat(state.epochQuery()).isEmpty();
        assertThat(state.fetchQuery()).isPresent();
    }

    @Test
    void anErrorLeavesThePartitionUnsettled() {
        List.of(0, 0).forEach(this::append);
        state.add(TP, log, 3);
        state.onEpochAnswer(state.epochQuery().orElseThrow(), answer(-1, -1, Errors.FENCED_LEADER_EPOCH));
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(state.followed(TP).orElseThrow().settled()).isFalse();
    }

    @Test
    void anAnswerForAnEarlierEpochIsIgnored() {
        List.of(0, 0, 1).forEach(this::append);
        state.add(TP, log, 3);
        FollowerState.EpochQuery stale = state.epochQuery().orElseThrow();
        state.add(TP, log, 4);

        state.onEpochAnswer(stale, answer(0, 1, Errors.NONE));

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(state.followed(TP).orElseThrow().leaderEpoch()).isEqualTo(4);
    }

    @Test
    void aFetchAppendsAndTakesTheLeadersHighWatermarkUpToItsOwnEnd() {
        state.add(TP, log, 0);
        assertThat(state.epochQuery()).as("an empty log has nothing to settle").isEmpty();
        FollowerState.FetchQuery query = state.fetchQuery().orElseThrow();
        MemoryRecords fetched = leaderRecords(3);

        boolean progress = state.onFetchAnswer(query, fetchAnswer(Errors.NONE, fetched, 10, 0));

        assertThat(progress).isTrue();
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.highWatermark()).isEqualTo(3);
    }

    @Test
    void anOffsetOutOfRangeBelowTheLeadersStartRestartsTheLogThere() {
        state.add(TP, log, 0);
        assertThat(state.epochQuery()).as("an empty log has nothing to settle").isEmpty();
        state.onFetchAnswer(
                state.fetchQuery().orElseThrow(), fetchAnswer(Errors.OFFSET_OUT_OF_RANGE, MemoryRecords.EMPTY, 50, 40));
        assertThat(log.logStartOffset()).isEqualTo(40);
        assertThat(log.logEndOffset()).isEqualTo(40);
    }

    @Test
    void anOffsetOutOfRangeWithinTheLeadersLogSettlesTheTailAgain() {
        List.of(0, 0).forEach(this::append);
        state.add(TP, log, 1);
        state.onEpochAnswer(state.epochQuery().orElseThrow(), answer(0, 2, Errors.NONE));
        state.onFetchAnswer(
                state.fetchQuery().orElseThrow(), fetchAnswer(Errors.OFFSET_OUT_OF_RANGE, MemoryRecords.EMPTY, 1, 0));
        assertThat(state.followed(TP).orElseThrow().settled()).isFalse();
        assertThat(state.epochQuery()).isPresent();
    }

    @Test
    void anEpochErrorOnFetchChangesNothing() {
        state.add(TP, log, 0);
        assertThat(state.epochQuery()).as("an empty log has nothing to settle").isEmpty();
        boolean progress = state.onFetchAnswer(
                state.fetchQuery().orElseThrow(), fetchAnswer(Errors.FENCED_LEADER_EPOCH, MemoryRecords.EMPTY, 5, 0));
        assertThat(progress).isFalse();
        assertThat(log.logEndOffset()).isZero();
        assertThat(state.followed(TP).orElseThrow().settled()).isTrue();
    }

    @Test
    void removedPartitionsAreNoLongerChanged() {
        state.add(TP, log, 0);
        assertThat(state.epochQuery()).as("an empty log has nothing to settle").isEmpty();
        FollowerState.FetchQuery query = state.fetchQuery().orElseThrow();
        state.remove(TP);
        assertThat(state.onFetchAnswer(query, fetchAnswer(Errors.NONE, leaderRecords(2), 2, 0)))
                .isFalse();
        assertThat(log.logEndOffset()).isZero();
        assertThat(state.isEmpty()).isTrue();
    }

    private void append(int epoch) {
        log.appendAsLeader(
                MemoryRecords.withRecords(
                        Compression.NONE,
                        new SimpleRecord(1L, ("r" + log.logEndOffset()).getBytes(StandardCharsets.UTF_8))),
                epoch);
    }

    /** Records as a leader's log holds them: offsets from 0, leader epoch 0. */
    private MemoryRecords leaderRecords(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1L, ("r" + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(0L, Compression.NONE, 0, records);
    }

    private static OffsetForLeaderEpochResponseData answer(int epoch, long endOffset, Errors error) {
        var partition = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                .setPartition(TP.partition())
                .setErrorCode(error.code())
                .setLeaderEpoch(epoch < 0 ? EpochEndOffset.UNDEFINED_EPOCH : epoch)
                .setEndOffset(endOffset < 0 ? EpochEndOffset.UNDEFINED_EPOCH_OFFSET : endOffset);
        var topic = new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(TP.topic());
        topic.partitions().add(partition);
        var response = new OffsetForLeaderEpochResponseData();
        response.topics().add(topic);
        return response;
    }

    private static FetchResponseData fetchAnswer(
            Errors error, MemoryRecords records, long highWatermark, long logStartOffset) {
        var partition = new FetchResponseData.PartitionData()
                .setPartitionIndex(TP.partition())
                .setErrorCode(error.code())
                .setHighWatermark(highWatermark)
                .setLogStartOffset(logStartOffset)
                .setRecords(records);
        var topic = new FetchResponseData.FetchableTopicResponse().setTopic(TP.topic());
        topic.partitions().add(partition);
        return new FetchResponseData().setResponses(List.of(topic));
    }
}
