package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OffsetCommit, OffsetFetch and OffsetDelete at every version, through the wire format. */
class OffsetHandlersTest {

    @TempDir
    Path dir;

    private GroupFixture fixture;
    private OffsetCommitHandler commit;
    private OffsetFetchHandler fetch;

    @BeforeEach
    void setUp() {
        fixture = new GroupFixture(dir);
        commit = new OffsetCommitHandler(fixture.metadata, fixture.coordinator);
        fetch = new OffsetFetchHandler(fixture.metadata, fixture.coordinator);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    static IntStream commitVersions() {
        return HandlerTestSupport.versions(ApiKeys.OFFSET_COMMIT);
    }

    static IntStream fetchVersions() {
        return HandlerTestSupport.versions(ApiKeys.OFFSET_FETCH);
    }

    private OffsetCommitRequestData commitRequest(String group, int version, String topic, Uuid id, long offset) {
        var partition = new OffsetCommitRequestPartition()
                .setPartitionIndex(1)
                .setCommittedOffset(offset)
                .setCommittedMetadata("m" + offset);
        if (version >= 6) {
            partition.setCommittedLeaderEpoch(4);
        }
        var requestTopic = version >= 10
                ? new OffsetCommitRequestTopic().setTopicId(id)
                : new OffsetCommitRequestTopic().setName(topic);
        return new OffsetCommitRequestData()
                .setGroupId(group)
                .setGenerationIdOrMemberEpoch(-1)
                .setMemberId("")
                .setTopics(List.of(requestTopic.setPartitions(List.of(partition))));
    }

    /** Fetches partition 1 of {@code orders} for {@code group} at the latest version. */
    private OffsetFetchResponsePartitions fetched(String group) {
        OffsetFetchResponseData response = call(
                fetch,
                new OffsetFetchRequestData()
                        .setGroups(List.of(new OffsetFetchRequestGroup()
                                .setGroupId(group)
                                .setTopics(List.of(new OffsetFetchRequestTopics()
                                        .setTopicId(fixture.topicId)
                                        .setPartitionIndexes(List.of(1)))))),
                ApiKeys.OFFSET_FETCH.latestVersion());
        return response.groups().get(0).topics().get(0).partitions().get(0);
    }

    @ParameterizedTest
    @MethodSource("commitVersions")
    void standaloneCommitAtEveryVersion(int version) {
        String group = "commit-" + version;

        OffsetCommitResponseData response =
                call(commit, commitRequest(group, version, GroupFixture.TOPIC, fixture.topicId, 40 + version), version);

        OffsetCommitResponsePartition partition =
                response.topics().get(0).partitions().get(0);
        assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.NONE);
        if (version >= 10) {
            assertThat(response.topics().get(0).topicId()).isEqualTo(fixture.topicId);
        } else {
            assertThat(response.topics().get(0).name()).isEqualTo(GroupFixture.TOPIC);
        }
        OffsetFetchResponsePartitions stored = fetched(group);
        assertThat(stored.committedOffset()).isEqualTo(40 + version);
        assertThat(stored.metadata()).isEqualTo("m" + (40 + version));
        assertThat(stored.committedLeaderEpoch()).isEqualTo(version >= 6 ? 4 : -1);
    }

    @ParameterizedTest
    @MethodSource("commitVersions")
    void commitToAnUnknownTopicFailsThatTopicOnly(int version) {
        OffsetCommitResponseData response =
                call(commit, commitRequest("unknown-" + version, version, "nope", Uuid.randomUuid(), 1), version);

        assertThat(Errors.forCode(response.topics().get(0).partitions().get(0).errorCode()))
                .isEqualTo(version >= 10 ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void commitOfAMemberOfAnUnknownGroupIsRejected() {
        var request = commitRequest("ghost-group", 8, GroupFixture.TOPIC, null, 1)
                .setGenerationIdOrMemberEpoch(3)
                .setMemberId("m");
        OffsetCommitResponseData response = call(commit, request, 8);
        assertThat(Errors.forCode(response.topics().get(0).partitions().get(0).errorCode()))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    @ParameterizedTest
    @MethodSource("fetchVersions")
    void fetchAtEveryVersion(int version) {
        String group = "fetch-" + version;
        call(commit, commitRequest(group, 9, GroupFixture.TOPIC, null, 77), 9);

        if (version >= 8) {
            var topics = new OffsetFetchRequestTopics().setPartitionIndexes(List.of(1, 2));
            if (version >= 10) {
                topics.setTopicId(fixture.topicId);
            } else {
                topics.setName(GroupFixture.TOPIC);
            }
            OffsetFetchResponseData response = call(
                    fetch,
                    new OffsetFetchRequestData()
                            .setGroups(List.of(
                                    new OffsetFetchRequestGroup()
                                            .setGroupId(group)
                                            .setTopics(List.of(topics)),
                                    new OffsetFetchRequestGroup()
                                            .setGroupId("other-" + version)
                                            .setTopics(null))),
                    version);
            OffsetFetchResponseGroup first = response.groups().get(0);
            assertThat(first.topics().get(0).partitions())
                    .extracting(OffsetFetchResponsePartitions::committedOffset)
                    .containsExactly(77L, -1L);
            assertThat(response.groups().get(1).topics()).isEmpty();
        } else {
            OffsetFetchResponseData response = call(
                    fetch,
                    new OffsetFetchRequestData()
                            .setGroupId(group)
                            .setTopics(List.of(new OffsetFetchRequestTopic()
                                    .setName(GroupFixture.TOPIC)
                                    .setPartitionIndexes(List.of(1, 2)))),
                    version);
            assertThat(response.topics().get(0).partitions())
                    .extracting(p -> p.committedOffset())
                    .containsExactly(77L, -1L);
            if (version >= 2) {
                OffsetFetchResponseData all = call(
                        fetch, new OffsetFetchRequestData().setGroupId(group).setTopics(null), version);
                assertThat(all.topics())
                        .singleElement()
                        .satisfies(t -> assertThat(t.partitions())
                                .singleElement()
                                .satisfies(p -> assertThat(p.committedOffset()).isEqualTo(77)));
            }
        }
    }

    @Test
    void offsetDeleteRemovesCommittedOffsets() {
        call(commit, commitRequest("deleting", 9, GroupFixture.TOPIC, null, 5), 9);
        var topics = new OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestTopic()
                .setName(GroupFixture.TOPIC)
                .setPartitions(List.of(new OffsetDeleteRequestPartition().setPartitionIndex(1))));
        var handler = new OffsetDeleteHandler(fixture.coordinator);

        OffsetDeleteResponseData response = call(
                handler, new OffsetDeleteRequestData().setGroupId("deleting").setTopics(topics), 0);
        OffsetDeleteResponseData missing = call(
                handler, new OffsetDeleteRequestData().setGroupId("missing").setTopics(topics), 0);

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.topics()
                        .find(GroupFixture.TOPIC)
                        .partitions()
                        .find(1)
                        .errorCode())
                .isEqualTo(Errors.NONE.code());
        assertThat(fetched("deleting").committedOffset()).isEqualTo(-1);
        assertThat(Errors.forCode(missing.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }
}
