package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The classic membership handlers at every version, through the wire format. */
class GroupHandlersTest {

    @TempDir
    Path dir;

    private GroupFixture fixture;
    private JoinGroupHandler join;
    private SyncGroupHandler sync;
    private HeartbeatHandler heartbeat;
    private LeaveGroupHandler leave;

    @BeforeEach
    void setUp() {
        fixture = new GroupFixture(dir);
        join = new JoinGroupHandler(fixture.coordinator);
        sync = new SyncGroupHandler(fixture.coordinator);
        heartbeat = new HeartbeatHandler(fixture.coordinator);
        leave = new LeaveGroupHandler(fixture.coordinator);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static IntStream joinVersions() {
        return HandlerTestSupport.versions(ApiKeys.JOIN_GROUP);
    }

    static IntStream syncVersions() {
        return HandlerTestSupport.versions(ApiKeys.SYNC_GROUP);
    }

    static IntStream heartbeatVersions() {
        return HandlerTestSupport.versions(ApiKeys.HEARTBEAT);
    }

    static IntStream leaveVersions() {
        return HandlerTestSupport.versions(ApiKeys.LEAVE_GROUP);
    }

    static IntStream listVersions() {
        return HandlerTestSupport.versions(ApiKeys.LIST_GROUPS);
    }

    static IntStream describeVersions() {
        return HandlerTestSupport.versions(ApiKeys.DESCRIBE_GROUPS);
    }

    static IntStream deleteVersions() {
        return HandlerTestSupport.versions(ApiKeys.DELETE_GROUPS);
    }

    static JoinGroupRequestData joinRequest(String group, String memberId) {
        var protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {1, 2}));
        return new JoinGroupRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(10_000)
                .setProtocolType("consumer")
                .setProtocols(protocols);
    }

    /** Joins a new one-member group at {@code version} and returns the completed join. */
    private JoinGroupResponseData joinAlone(String group, int version) {
        JoinGroupResponseData response = call(join, joinRequest(group, ""), version);
        if (version >= 4) {
            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            response = call(join, joinRequest(group, response.memberId()), version);
        }
        return response;
    }

    /** A Stable one-member group, formed with the latest versions. */
    private JoinGroupResponseData stable(String group) {
        JoinGroupResponseData joined = joinAlone(group, ApiKeys.JOIN_GROUP.latestVersion());
        call(sync, syncRequest(group, joined.memberId(), joined.generationId(), "a"), 5);
        return joined;
    }

    private static SyncGroupRequestData syncRequest(String group, String memberId, int generation, String assigned) {
        return new SyncGroupRequestData()
                .setGroupId(group)
                .setMemberId(memberId)
                .setGenerationId(generation)
                .setAssignments(List.of(
                        new SyncGroupRequestAssignment().setMemberId(memberId).setAssignment(assigned.getBytes())));
    }

    @ParameterizedTest
    @MethodSource("joinVersions")
    void joinGroupCompletesAGenerationAtEveryVersion(int version) {
        JoinGroupResponseData response = joinAlone("join-" + version, version);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.generationId()).isEqualTo(1);
        assertThat(response.protocolName()).isEqualTo("range");
        assertThat(response.leader()).isEqualTo(response.memberId());
        assertThat(response.members())
                .singleElement()
                .satisfies(m -> assertThat(m.metadata()).containsExactly(1, 2));
        if (version >= 7) {
            assertThat(response.protocolType()).isEqualTo("consumer");
        }
    }

    @ParameterizedTest
    @MethodSource("joinVersions")
    void joinGroupErrorsAreWritableAtEveryVersion(int version) {
        JoinGroupResponseData response = call(join, joinRequest("join-error", "ghost"), version);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(response.generationId()).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("syncVersions")
    void syncGroupHandsBackTheAssignmentAtEveryVersion(int version) {
        String group = "sync-" + version;
        JoinGroupResponseData joined = joinAlone(group, 9);

        SyncGroupResponseData response =
                call(sync, syncRequest(group, joined.memberId(), joined.generationId(), "p" + version), version);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(new String(response.assignment())).isEqualTo("p" + version);
        if (version >= 5) {
            assertThat(response.protocolName()).isEqualTo("range");
        }
        SyncGroupResponseData stale = call(sync, syncRequest(group, joined.memberId(), 99, "x"), version);
        assertThat(Errors.forCode(stale.errorCode())).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @ParameterizedTest
    @MethodSource("heartbeatVersions")
    void heartbeatAtEveryVersion(int version) {
        String group = "hb-" + version;
        JoinGroupResponseData joined = stable(group);

        HeartbeatResponseData ok = call(
                heartbeat,
                new HeartbeatRequestData()
                        .setGroupId(group)
                        .setMemberId(joined.memberId())
                        .setGenerationId(joined.generationId()),
                version);
        HeartbeatResponseData unknown = call(
                heartbeat,
                new HeartbeatRequestData()
                        .setGroupId(group)
                        .setMemberId("ghost")
                        .setGenerationId(1),
                version);

        assertThat(Errors.forCode(ok.errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @ParameterizedTest
    @MethodSource("leaveVersions")
    void leaveGroupAtEveryVersion(int version) {
        String group = "leave-" + version;
        JoinGroupResponseData joined = stable(group);
        var request = new LeaveGroupRequestData().setGroupId(group);
        if (version >= 3) {
            request.setMembers(List.of(
                    new MemberIdentity().setMemberId(joined.memberId()), new MemberIdentity().setMemberId("ghost")));
        } else {
            request.setMemberId(joined.memberId());
        }

        LeaveGroupResponseData response = call(leave, request, version);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        if (version >= 3) {
            assertThat(response.members())
                    .extracting(LeaveGroupResponseData.MemberResponse::errorCode)
                    .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code());
        }
        var describe = new DescribeGroupsHandler(fixture.coordinator);
        DescribeGroupsResponseData described =
                call(describe, new DescribeGroupsRequestData().setGroups(List.of(group)), 5);
        assertThat(described.groups().get(0).groupState()).isEqualTo("Empty");
    }

    @Test
    void leaveGroupOfAnUnknownMemberBeforeV3ReportsItAtTheTop() {
        stable("leave-old");
        LeaveGroupResponseData response =
                call(leave, new LeaveGroupRequestData().setGroupId("leave-old").setMemberId("ghost"), 1);
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @ParameterizedTest
    @MethodSource("listVersions")
    void listGroupsAtEveryVersionWithFilters(int version) {
        stable("listed");
        var handler = new ListGroupsHandler(fixture.coordinator);

        ListGroupsResponseData all = call(handler, new ListGroupsRequestData(), version);

        assertThat(all.groups()).extracting(ListedGroup::groupId).contains("listed");
        ListedGroup listed = all.groups().stream()
                .filter(g -> g.groupId().equals("listed"))
                .findFirst()
                .orElseThrow();
        assertThat(listed.protocolType()).isEqualTo("consumer");
        if (version >= 4) {
            assertThat(listed.groupState()).isEqualTo("Stable");
            ListGroupsResponseData empty =
                    call(handler, new ListGroupsRequestData().setStatesFilter(List.of("empty")), version);
            assertThat(empty.groups()).extracting(ListedGroup::groupId).doesNotContain("listed");
            ListGroupsResponseData stable =
                    call(handler, new ListGroupsRequestData().setStatesFilter(List.of("STABLE")), version);
            assertThat(stable.groups()).extracting(ListedGroup::groupId).contains("listed");
        }
        if (version >= 5) {
            assertThat(listed.groupType()).isEqualTo("classic");
            ListGroupsResponseData consumer =
                    call(handler, new ListGroupsRequestData().setTypesFilter(List.of("consumer")), version);
            assertThat(consumer.groups()).extracting(ListedGroup::groupId).doesNotContain("listed");
        }
    }

    @ParameterizedTest
    @MethodSource("describeVersions")
    void describeGroupsAtEveryVersion(int version) {
        JoinGroupResponseData joined = stable("described");
        var handler = new DescribeGroupsHandler(fixture.coordinator);

        DescribeGroupsResponseData response =
                call(handler, new DescribeGroupsRequestData().setGroups(List.of("described", "unknown")), version);

        DescribedGroup known = response.groups().get(0);
        assertThat(known.groupState()).isEqualTo("Stable");
        assertThat(known.protocolData()).isEqualTo("range");
        assertThat(known.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(joined.memberId());
            assertThat(m.clientId()).isEqualTo("test-client");
            assertThat(new String(m.memberAssignment())).isEqualTo("a");
        });
        DescribedGroup unknown = response.groups().get(1);
        assertThat(unknown.groupState()).isEqualTo("Dead");
        assertThat(Errors.forCode(unknown.errorCode()))
                .isEqualTo(version >= 6 ? Errors.GROUP_ID_NOT_FOUND : Errors.NONE);
    }

    @ParameterizedTest
    @MethodSource("deleteVersions")
    void deleteGroupsAtEveryVersion(int version) {
        stable("busy");
        JoinGroupResponseData idle = stable("idle");
        call(leave, new LeaveGroupRequestData().setGroupId("idle").setMemberId(idle.memberId()), 0);
        var handler = new DeleteGroupsHandler(fixture.coordinator);

        DeleteGroupsResponseData response =
                call(handler, new DeleteGroupsRequestData().setGroupsNames(List.of("busy", "idle", "nope")), version);

        assertThat(response.results().find("busy").errorCode()).isEqualTo(Errors.NON_EMPTY_GROUP.code());
        assertThat(response.results().find("idle").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.results().find("nope").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }
}
