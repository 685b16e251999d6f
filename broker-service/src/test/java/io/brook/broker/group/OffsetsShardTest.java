package io.brook.broker.group;

import static io.brook.broker.group.GroupTestContext.INITIAL_DELAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed offsets, retention and the group admin operations on one shard, and rebuilding a shard from its log. */
class OffsetsShardTest {

    private static final TopicPartition TP0 = new TopicPartition("orders", 0);
    private static final TopicPartition TP1 = new TopicPartition("orders", 1);
    private static final long DAY_MS = 24 * 60 * 60 * 1000L;

    @TempDir
    Path dir;

    private GroupTestContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new GroupTestContext(dir);
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private JoinGroupResponseData stableMember(String group) {
        var joined = ctx.joinNew(group);
        ctx.time.advance(INITIAL_DELAY_MS);
        JoinGroupResponseData member = joined.join();
        ctx.sync(group, member.memberId(), member.generationId(), Map.of(member.memberId(), "a"))
                .join();
        return member;
    }

    @Test
    void standaloneCommitsAreFetchedBackWithEpochAndMetadata() {
        assertThat(ctx.commit("solo", "", -1, TP0, 42)).containsEntry(TP0, Errors.NONE);

        CommittedOffset committed = ctx.committed("solo", TP0).orElseThrow();
        assertThat(committed.offset()).isEqualTo(42);
        assertThat(committed.leaderEpoch()).isEqualTo(3);
        assertThat(committed.metadata()).isEqualTo("meta-42");
        assertThat(ctx.committed("solo", TP1)).isEmpty();
        assertThat(ctx.committed("other", TP0)).isEmpty();
        assertThat(ctx.group("solo").stateName()).isEqualTo("Empty");
        assertThat(ctx.group("solo").protocolType()).isEmpty();
    }

    @Test
    void memberCommitsAreCheckedAgainstTheGeneration() {
        JoinGroupResponseData member = stableMember("g");

        assertThat(ctx.commit("g", member.memberId(), 1, TP0, 5)).containsEntry(TP0, Errors.NONE);
        assertThat(ctx.commit("g", member.memberId(), 0, TP0, 6)).containsEntry(TP0, Errors.ILLEGAL_GENERATION);
        assertThat(ctx.commit("g", "ghost", 1, TP0, 6)).containsEntry(TP0, Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.commit("g", "", -1, TP0, 6)).containsEntry(TP0, Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.commit("missing", "m", 3, TP0, 6)).containsEntry(TP0, Errors.GROUP_ID_NOT_FOUND);
        assertThat(ctx.committed("g", TP0).orElseThrow().offset()).isEqualTo(5);
    }

    @Test
    void offsetsOfEmptyGroupsExpireAfterRetentionAndTheGroupGoesWithThem() {
        ctx.commit("solo", "", -1, TP0, 1);
        ctx.time.advance(1000);
        JoinGroupResponseData member = stableMember("g");
        ctx.commit("g", member.memberId(), 1, TP1, 9);
        ctx.leave("g", member.memberId());
        long emptySince = ctx.time.millis();

        ctx.time.advance(DAY_MS - 1000);
        ctx.ops().expireOffsets().join();
        assertThat(ctx.committed("solo", TP0)).isEmpty();
        assertThat(ctx.shard.group("solo")).isEmpty();
        assertThat(ctx.committed("g", TP1)).isPresent();

        ctx.time.advance(emptySince + DAY_MS - ctx.time.millis());
        ctx.ops().expireOffsets().join();
        assertThat(ctx.committed("g", TP1)).isEmpty();
        assertThat(ctx.shard.group("g")).isEmpty();

        ctx.shard = ctx.newShard();
        assertThat(ctx.shard.group("g")).isEmpty();
        assertThat(ctx.shard.group("solo")).isEmpty();
    }

    @Test
    void offsetDeleteSparesSubscribedTopicsOfActiveGroups() {
        ctx.commit("solo", "", -1, TP0, 1);
        ctx.commit("solo", "", -1, TP1, 2);

        OffsetDeleteOutcome outcome =
                ctx.ops().deleteOffsets("solo", List.of(TP0)).join();
        assertThat(outcome.error()).isEqualTo(Errors.NONE);
        assertThat(ctx.committed("solo", TP0)).isEmpty();
        assertThat(ctx.committed("solo", TP1)).isPresent();
        assertThat(ctx.ops().deleteOffsets("missing", List.of(TP0)).join().error())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void deleteGroupsOnlyDeletesEmptyGroups() {
        JoinGroupResponseData member = stableMember("g");
        ctx.commit("g", member.memberId(), 1, TP0, 3);
        assertThat(ctx.ops().deleteGroup("g").join()).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(ctx.ops().deleteGroup("nope").join()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);

        ctx.leave("g", member.memberId());
        assertThat(ctx.ops().deleteGroup("g").join()).isEqualTo(Errors.NONE);
        assertThat(ctx.committed("g", TP0)).isEmpty();
        assertThat(ctx.shard.group("g")).isEmpty();

        ctx.shard = ctx.newShard();
        assertThat(ctx.shard.group("g")).isEmpty();
        assertThat(ctx.committed("g", TP0)).isEmpty();
    }

    @Test
    void describeAndListReportStateProtocolAndMembers() {
        JoinGroupResponseData member = stableMember("g");
        ctx.commit("solo", "", -1, TP0, 1);

        DescribedGroup described = ctx.ops().describeGroup("g").join();
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.protocolType()).isEqualTo("consumer");
        assertThat(described.protocolData()).isEqualTo("range");
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(member.memberId());
            assertThat(m.clientId()).isEqualTo("client");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(new String(m.memberAssignment())).isEqualTo("a");
            assertThat(new String(m.memberMetadata())).isEqualTo("range");
        });
        assertThat(ctx.ops().describeGroup("nope").join()).isNull();

        assertThat(ctx.ops().listGroups().join())
                .extracting(ListedGroup::groupId, ListedGroup::groupState, ListedGroup::protocolType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("g", "Stable", "consumer"),
                        org.assertj.core.groups.Tuple.tuple("solo", "Empty", ""));
    }

    @Test
    void aShardRebuiltFromTheLogHasTheSameGroupsAndOffsets() {
        JoinGroupResponseData member = stableMember("g");
        ctx.commit("g", member.memberId(), 1, TP0, 11);
        ctx.commit("g", member.memberId(), 1, TP0, 12);
        ctx.commit("solo", "", -1, TP1, 7);
        ctx.commit("gone", "", -1, TP1, 7);
        ctx.ops().deleteGroup("gone").join();
        DescribedGroup before = ctx.ops().describeGroup("g").join();
        Map<TopicPartition, CommittedOffset> offsetsBefore = ctx.shard.offsets().offsets("g");

        ctx.shard = ctx.newShard();

        assertThat(ctx.ops().describeGroup("g").join()).isEqualTo(before);
        assertThat(ctx.shard.offsets().offsets("g")).isEqualTo(offsetsBefore);
        assertThat(ctx.committed("g", TP0).orElseThrow().offset()).isEqualTo(12);
        assertThat(ctx.committed("solo", TP1).orElseThrow().offset()).isEqualTo(7);
        assertThat(ctx.shard.group("gone")).isEmpty();
        assertThat(ctx.group("g").generation()).isEqualTo(1);
        // The loaded member is live: it heartbeats and commits in its generation without rejoining.
        assertThat(ctx.heartbeat("g", member.memberId(), 1)).isEqualTo(Errors.NONE);
        assertThat(ctx.commit("g", member.memberId(), 1, TP0, 13)).containsEntry(TP0, Errors.NONE);
    }
}
