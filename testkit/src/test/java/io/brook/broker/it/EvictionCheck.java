package io.brook.broker.it;

import static io.brook.broker.it.Clients.get;
import static io.brook.broker.it.Groups.endOffsets;
import static io.brook.broker.it.Groups.offsetsByPartition;
import static io.brook.broker.it.Groups.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The second half of an eviction scenario, the same for both group protocols: a member in a child JVM that has
 * committed what it read is SIGKILLed; the broker must keep it listed until its session times out, then hand its
 * partitions to the survivor, which resumes each of them exactly at the dead member's last commit.
 *
 * @param admin client to describe the group
 * @param bootstrap the broker
 * @param topic the group's topic
 * @param group the group id
 * @param partitions every partition of the topic
 * @param endBefore end offsets when the survivor's partitions were last committed by the child
 * @param endTwoMembers end offsets when the child committed its own partitions, just before the kill
 * @param childPartitions what the child owned
 * @param survivorPartitions what the survivor owned
 */
record EvictionCheck(
        Admin admin,
        String bootstrap,
        String topic,
        String group,
        List<TopicPartition> partitions,
        Map<TopicPartition, Long> endBefore,
        Map<TopicPartition, Long> endTwoMembers,
        Set<TopicPartition> childPartitions,
        Set<TopicPartition> survivorPartitions) {

    void killAndAssertSurvivorTakesOver(ChildGroupMember child, GroupMember survivor) throws Exception {
        child.kill();
        assertThat(describe().members())
                .as("members right after the kill, well within the session timeout")
                .hasSize(2);

        produce(bootstrap, topic, partitions.size(), "after-kill", 300);
        await("the survivor taking over the dead member's partitions")
                .atMost(Groups.REBALANCE_TIMEOUT)
                .untilAsserted(() -> {
                    survivor.assertHealthy();
                    assertThat(survivor.assignment()).containsExactlyInAnyOrderElementsOf(partitions);
                });
        Map<TopicPartition, Long> end = endOffsets(bootstrap, partitions);
        await("the survivor reading every partition to its end")
                .atMost(Groups.REBALANCE_TIMEOUT)
                .until(() -> partitions.stream()
                        .allMatch(tp -> offsetsByPartition(survivor.consumed())
                                .getOrDefault(tp, Set.of())
                                .contains(end.get(tp) - 1)));
        Map<TopicPartition, Set<Long>> read = offsetsByPartition(survivor.consumed());
        for (TopicPartition tp : survivorPartitions) {
            assertThat(read.get(tp))
                    .as("offsets of %s, the survivor's own partition, from the child's commit on", tp)
                    .containsExactlyElementsOf(range(endBefore.get(tp), end.get(tp)));
        }
        for (TopicPartition tp : childPartitions) {
            assertThat(read.get(tp))
                    .as("offsets of %s, taken over from the dead member, from its last commit on", tp)
                    .containsExactlyElementsOf(range(endTwoMembers.get(tp), end.get(tp)));
        }

        ConsumerGroupDescription description = describe();
        assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(description.members()).hasSize(1);
        assertThat(description.members().iterator().next().assignment().topicPartitions())
                .containsExactlyInAnyOrderElementsOf(partitions);
    }

    private ConsumerGroupDescription describe() throws Exception {
        return get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
