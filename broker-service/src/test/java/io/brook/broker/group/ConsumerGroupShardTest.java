package io.brook.broker.group;

import static io.brook.broker.group.ConsumerGroupTestContext.beat;
import static io.brook.broker.group.ConsumerGroupTestContext.join;
import static io.brook.broker.group.GroupTestContext.INITIAL_DELAY_MS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumer groups (KIP-848) on a real shard: persistence and reload, timers, offsets, admin, and classic groups. */
class ConsumerGroupShardTest {

    private static final TopicPartition TP0 = new TopicPartition("orders", 0);

    @TempDir
    Path dir;

    private GroupTestContext ctx;
    private ConsumerTopic orders;

    @BeforeEach
    void setUp() {
        ctx = new GroupTestContext(dir);
        orders = new ConsumerTopic(new Uuid(7, 7), "orders", 4);
        ctx.consumerTopics.put("orders", orders);
    }

    @AfterEach
    void tearDown() {
        ctx.close();
    }

    private ConsumerGroupHeartbeatResponseData send(ConsumerGroupHeartbeatRequestData request) {
        return ctx.ops()
                .consumerGroupHeartbeat(new GroupRequestContext("client", "/127.0.0.1", (short) 1), request)
                .join();
    }

    private static Errors error(ConsumerGroupHeartbeatResponseData response) {
        return Errors.forCode(response.errorCode());
    }

    private ConsumerGroup group(String groupId) {
        return ctx.shard.consumerGroup(groupId).orElseThrow();
    }

    @Test
    void aRebuiltShardHasTheSameConsumerGroupAndItsMembersStayLive() {
        var joined = send(join("g", "a", "orders"));
        assertThat(error(joined)).isEqualTo(Errors.NONE);
        assertThat(joined.assignment().topicPartitions()).singleElement().satisfies(tp -> {
            assertThat(tp.topicId()).isEqualTo(orders.id());
            assertThat(tp.partitions()).containsExactlyInAnyOrder(0, 1, 2, 3);
        });
        assertThat(ctx.commit("g", "a", 1, TP0, 10)).containsEntry(TP0, Errors.NONE);
        ConsumerGroupDescribeResponseData.DescribedGroup before =
                ctx.ops().consumerGroupDescribe("g").join();

        ctx.shard = ctx.newShard();

        assertThat(ctx.ops().consumerGroupDescribe("g").join()).isEqualTo(before);
        assertThat(group("g").member("a").orElseThrow().assignment().assignedPartitions())
                .isEqualTo(Map.of(orders.id(), Set.of(0, 1, 2, 3)));
        assertThat(error(send(beat("g", "a", 1)))).isEqualTo(Errors.NONE);
        assertThat(ctx.committed("g", TP0).orElseThrow().offset()).isEqualTo(10);
    }

    @Test
    void loadedMembersThatNeverHeartbeatAgainExpire() {
        send(join("g", "a", "orders"));
        ctx.shard = ctx.newShard();

        ctx.time.advance(ctx.consumerConfig.sessionTimeoutMs() + 1);

        assertThat(group("g").isEmpty()).isTrue();
        assertThat(group("g").groupEpoch()).isEqualTo(2);
    }

    @Test
    void commitsAndFetchesAreCheckedAgainstTheMemberEpoch() {
        send(join("g", "a", "orders"));

        assertThat(ctx.commit("g", "a", 0, TP0, 5)).containsEntry(TP0, Errors.STALE_MEMBER_EPOCH);
        assertThat(ctx.commit("g", "nobody", 1, TP0, 5)).containsEntry(TP0, Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.commit("g", "", -1, TP0, 5)).containsEntry(TP0, Errors.UNKNOWN_MEMBER_ID);
        assertThat(ctx.commit("g", "a", 1, TP0, 5)).containsEntry(TP0, Errors.NONE);

        assertThat(ctx.ops().fetchOffsets("g", List.of(TP0), "a", 1).join().get(TP0))
                .hasValueSatisfying(o -> assertThat(o.offset()).isEqualTo(5));
        assertThat(ctx.ops().fetchOffsets("g", List.of(TP0), "a", 0))
                .failsWithin(java.time.Duration.ofSeconds(1))
                .withThrowableThat()
                .withCauseInstanceOf(org.apache.kafka.common.errors.StaleMemberEpochException.class);
        assertThat(ctx.ops().fetchOffsets("g", List.of(TP0), null, -1).join()).containsKey(TP0);
    }

    @Test
    void aGroupIdSpeaksOneProtocol() {
        send(join("modern", "a", "orders"));
        JoinGroupResponseData refused = ctx.join("modern", "").join();
        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);

        var classic = ctx.joinNew("classic");
        ctx.time.advance(INITIAL_DELAY_MS);
        classic.join();
        var response = send(join("classic", "b", "orders"));
        assertThat(error(response)).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(response.errorMessage()).isEqualTo("Group classic is not a consumer group.");
        assertThat(ctx.ops().consumerGroupDescribe("classic").join().errorMessage())
                .isEqualTo("Group classic is not a consumer group.");
    }

    @Test
    void anEmptyClassicGroupBecomesAConsumerGroupKeepingItsOffsets() {
        ctx.commit("g", "", -1, TP0, 3);
        assertThat(ctx.shard.classicGroup("g")).isPresent();

        assertThat(error(send(join("g", "a", "orders")))).isEqualTo(Errors.NONE);

        assertThat(ctx.shard.consumerGroup("g")).isPresent();
        assertThat(ctx.shard.group("g").orElseThrow().type()).isEqualTo(GroupType.CONSUMER);
        assertThat(ctx.committed("g", TP0).orElseThrow().offset()).isEqualTo(3);
        ctx.shard = ctx.newShard();
        assertThat(ctx.shard.consumerGroup("g")).isPresent();
    }

    @Test
    void listAndDescribeGroupsSeeTheConsumerGroup() {
        send(join("g", "a", "orders"));

        assertThat(ctx.ops().listGroups().join())
                .singleElement()
                .extracting(ListedGroup::groupType, ListedGroup::groupState, ListedGroup::protocolType)
                .containsExactly("consumer", "Stable", "consumer");
        var described = ctx.ops().describeGroup("g").join();
        assertThat(Errors.forCode(described.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(described.errorMessage()).isEqualTo("Group g is not a classic group.");
        var consumer = ctx.ops().consumerGroupDescribe("g").join();
        assertThat(consumer.groupState()).isEqualTo("Stable");
        assertThat(consumer.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo("a");
            assertThat(m.assignment().topicPartitions())
                    .singleElement()
                    .satisfies(tp -> assertThat(tp.topicName()).isEqualTo("orders"));
        });
        assertThat(ctx.ops().consumerGroupDescribe("unknown").join().errorMessage())
                .isEqualTo("Group unknown not found.");
    }

    @Test
    void emptyConsumerGroupsAreDeletedAndExpired() {
        send(join("g", "a", "orders"));
        ctx.commit("g", "a", 1, TP0, 3);
        assertThat(ctx.ops().deleteGroup("g").join()).isEqualTo(Errors.NON_EMPTY_GROUP);
        send(beat("g", "a", -1));
        assertThat(ctx.ops().deleteGroup("g").join()).isEqualTo(Errors.NONE);
        assertThat(ctx.shard.group("g")).isEmpty();

        send(join("h", "b", "orders"));
        ctx.commit("h", "b", 1, TP0, 3);
        send(beat("h", "b", -1));
        ctx.time.advance(ctx.config.offsetsRetentionMs() + ctx.config.offsetsRetentionCheckIntervalMs());
        assertThat(ctx.shard.group("h")).isEmpty();

        ctx.shard = ctx.newShard();
        assertThat(ctx.shard.groups()).isEmpty();
        assertThat(ctx.committed("g", TP0)).isEmpty();
    }
}
