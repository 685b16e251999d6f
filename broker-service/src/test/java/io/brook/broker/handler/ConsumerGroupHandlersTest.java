package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The consumer group protocol's handlers (KIP-848) at every version, through the wire format. */
class ConsumerGroupHandlersTest {

    @TempDir
    Path dir;

    private GroupFixture fixture;
    private ConsumerGroupHeartbeatHandler heartbeat;
    private ConsumerGroupDescribeHandler describe;

    @BeforeEach
    void setUp() {
        fixture = new GroupFixture(dir);
        heartbeat = new ConsumerGroupHeartbeatHandler(fixture.coordinator);
        describe = new ConsumerGroupDescribeHandler(fixture.coordinator);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static IntStream heartbeatVersions() {
        return HandlerTestSupport.versions(ApiKeys.CONSUMER_GROUP_HEARTBEAT);
    }

    static IntStream describeVersions() {
        return HandlerTestSupport.versions(ApiKeys.CONSUMER_GROUP_DESCRIBE);
    }

    static IntStream describeGroupsVersions() {
        return HandlerTestSupport.versions(ApiKeys.DESCRIBE_GROUPS);
    }

    private static ConsumerGroupHeartbeatRequestData joinRequest(String group, String memberId) {
        return new ConsumerGroupHeartbeatRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of(GroupFixture.TOPIC))
                .setTopicPartitions(List.of());
    }

    /** A one-member consumer group, joined at the latest version; returns the member id. */
    private String joined(String group) {
        String memberId = Uuid.randomUuid().toString();
        ConsumerGroupHeartbeatResponseData response =
                call(heartbeat, joinRequest(group, memberId), ApiKeys.CONSUMER_GROUP_HEARTBEAT.latestVersion());
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        return memberId;
    }

    @ParameterizedTest
    @MethodSource("heartbeatVersions")
    void heartbeatJoinsHeartbeatsAndLeavesAtEveryVersion(int version) {
        String memberId = version == 0 ? "" : Uuid.randomUuid().toString();

        ConsumerGroupHeartbeatResponseData joinedResponse = call(heartbeat, joinRequest("hb", memberId), version);

        assertThat(Errors.forCode(joinedResponse.errorCode())).isEqualTo(Errors.NONE);
        assertThat(joinedResponse.memberId()).isNotEmpty();
        assertThat(joinedResponse.memberEpoch()).isEqualTo(1);
        assertThat(joinedResponse.heartbeatIntervalMs()).isEqualTo(5000);
        assertThat(joinedResponse.assignment().topicPartitions())
                .singleElement()
                .satisfies(tp -> {
                    assertThat(tp.topicId()).isEqualTo(fixture.topicId);
                    assertThat(tp.partitions()).containsExactlyInAnyOrder(0, 1, 2);
                });
        String id = joinedResponse.memberId();

        var beat = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("hb")
                .setMemberId(id)
                .setMemberEpoch(1);
        ConsumerGroupHeartbeatResponseData beatResponse = call(heartbeat, beat, version);
        assertThat(Errors.forCode(beatResponse.errorCode())).isEqualTo(Errors.NONE);
        assertThat(beatResponse.memberEpoch()).isEqualTo(1);
        assertThat(beatResponse.assignment()).isNull();

        ConsumerGroupHeartbeatResponseData stale =
                call(heartbeat, beat.duplicate().setMemberEpoch(7), version);
        assertThat(Errors.forCode(stale.errorCode())).isEqualTo(Errors.FENCED_MEMBER_EPOCH);

        ConsumerGroupHeartbeatResponseData left =
                call(heartbeat, beat.duplicate().setMemberEpoch(-1), version);
        assertThat(Errors.forCode(left.errorCode())).isEqualTo(Errors.NONE);
        assertThat(left.memberEpoch()).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("heartbeatVersions")
    void heartbeatErrorsAreWritableAtEveryVersion(int version) {
        var unknown = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("nobody")
                .setMemberId("m")
                .setMemberEpoch(3);

        ConsumerGroupHeartbeatResponseData response = call(heartbeat, unknown, version);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @ParameterizedTest
    @MethodSource("describeVersions")
    void describeAtEveryVersion(int version) {
        String memberId = joined("described");
        call(new JoinGroupHandler(fixture.coordinator), classicJoin("classic"), 3);

        ConsumerGroupDescribeResponseData response = call(
                describe,
                new ConsumerGroupDescribeRequestData().setGroupIds(List.of("described", "unknown", "classic")),
                version);

        DescribedGroup group = response.groups().get(0);
        assertThat(Errors.forCode(group.errorCode())).isEqualTo(Errors.NONE);
        assertThat(group.groupState()).isEqualTo("Stable");
        assertThat(group.groupEpoch()).isEqualTo(1);
        assertThat(group.assignmentEpoch()).isEqualTo(1);
        assertThat(group.assignorName()).isEqualTo("uniform");
        assertThat(group.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(memberId);
            assertThat(m.clientId()).isEqualTo("test-client");
            assertThat(m.clientHost()).isEqualTo("/127.0.0.1");
            assertThat(m.subscribedTopicNames()).containsExactly(GroupFixture.TOPIC);
            assertThat(m.assignment().topicPartitions()).singleElement().satisfies(tp -> {
                assertThat(tp.topicName()).isEqualTo(GroupFixture.TOPIC);
                assertThat(tp.partitions()).containsExactlyInAnyOrder(0, 1, 2);
            });
            assertThat(m.targetAssignment()).isEqualTo(m.assignment());
        });
        assertThat(response.groups().get(1).errorMessage()).isEqualTo("Group unknown not found.");
        DescribedGroup classic = response.groups().get(2);
        assertThat(Errors.forCode(classic.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(classic.errorMessage()).isEqualTo("Group classic is not a consumer group.");
    }

    @ParameterizedTest
    @MethodSource("describeGroupsVersions")
    void describeGroupsReportsAConsumerGroupAsNotClassic(int version) {
        joined("modern");

        DescribeGroupsResponseData response = call(
                new DescribeGroupsHandler(fixture.coordinator),
                new DescribeGroupsRequestData().setGroups(List.of("modern")),
                version);

        var group = response.groups().get(0);
        assertThat(group.groupState()).isEqualTo("Dead");
        assertThat(group.members()).isEmpty();
        if (version >= 6) {
            assertThat(Errors.forCode(group.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
            assertThat(group.errorMessage()).isEqualTo("Group modern is not a classic group.");
        } else {
            assertThat(Errors.forCode(group.errorCode())).isEqualTo(Errors.NONE);
        }
    }

    static IntStream memberOffsetFetchVersions() {
        return IntStream.rangeClosed(9, ApiKeys.OFFSET_FETCH.latestVersion());
    }

    @ParameterizedTest
    @MethodSource("memberOffsetFetchVersions")
    void offsetFetchChecksTheMemberEpochFromV9(int version) {
        String memberId = joined("fetching");
        var handler = new OffsetFetchHandler(fixture.metadata, fixture.coordinator);
        var topic = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                .setName(GroupFixture.TOPIC)
                .setTopicId(fixture.topicId)
                .setPartitionIndexes(List.of(0));
        var group = new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId("fetching")
                .setMemberId(memberId)
                .setMemberEpoch(1)
                .setTopics(List.of(topic));

        OffsetFetchResponseData current =
                call(handler, new OffsetFetchRequestData().setGroups(List.of(group)), version);
        OffsetFetchResponseData stale = call(
                handler,
                new OffsetFetchRequestData().setGroups(List.of(group.duplicate().setMemberEpoch(0))),
                version);
        OffsetFetchResponseData unknown = call(
                handler,
                new OffsetFetchRequestData().setGroups(List.of(group.duplicate().setMemberId("nobody"))),
                version);

        assertThat(Errors.forCode(current.groups().get(0).errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(stale.groups().get(0).errorCode())).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(Errors.forCode(unknown.groups().get(0).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void listGroupsReportsTheConsumerType() {
        joined("modern");

        ListGroupsResponseData response = call(
                new ListGroupsHandler(fixture.coordinator),
                new ListGroupsRequestData().setTypesFilter(List.of("consumer")),
                ApiKeys.LIST_GROUPS.latestVersion());

        assertThat(response.groups())
                .singleElement()
                .extracting(ListedGroup::groupId, ListedGroup::groupType, ListedGroup::groupState)
                .containsExactly("modern", "consumer", "Stable");
    }

    @Test
    void classicMembersCannotJoinAConsumerGroup() {
        joined("modern");

        JoinGroupResponseData response = call(new JoinGroupHandler(fixture.coordinator), classicJoin("modern"), 3);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    private static JoinGroupRequestData classicJoin(String group) {
        var protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {1}));
        return new JoinGroupRequestData()
                .setGroupId(group)
                .setMemberId("")
                .setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000)
                .setProtocolType("consumer")
                .setProtocols(protocols);
    }
}
