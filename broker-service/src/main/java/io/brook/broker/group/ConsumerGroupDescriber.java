package io.brook.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;

/**
 * A consumer group as ConsumerGroupDescribe reports it: epochs, assignor, and each member with its current and
 * target assignment, topics named from the current metadata (a topic deleted since is left out). Runs on the
 * shard's thread; stateless.
 */
final class ConsumerGroupDescriber {

    /** ConsumerGroupDescribe v1's member type of a member speaking the consumer protocol. */
    private static final byte CONSUMER_MEMBER_TYPE = 1;

    private final ConsumerTopics topics;
    private final ConsumerTargetAssigner assigner;

    ConsumerGroupDescriber(ConsumerTopics topics, ConsumerTargetAssigner assigner) {
        this.topics = topics;
        this.assigner = assigner;
    }

    DescribedGroup describe(ConsumerGroup group) {
        var described = new DescribedGroup()
                .setErrorCode(Errors.NONE.code())
                .setGroupId(group.groupId())
                .setGroupState(group.state().displayName())
                .setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.targetAssignmentEpoch())
                .setAssignorName(assigner.preferredAssignor(group.members()).name());
        for (ConsumerGroupMember m : group.members()) {
            ConsumerMemberMetadata md = m.metadata();
            described
                    .members()
                    .add(new ConsumerGroupDescribeResponseData.Member()
                            .setMemberId(m.memberId())
                            .setInstanceId(md.instanceId())
                            .setRackId(md.rackId())
                            .setMemberEpoch(m.memberEpoch())
                            .setClientId(md.clientId())
                            .setClientHost(md.clientHost())
                            .setSubscribedTopicNames(new ArrayList<>(md.subscribedTopicNames()))
                            .setSubscribedTopicRegex(md.subscribedTopicRegex())
                            .setAssignment(assignment(m.assignment().assignedPartitions()))
                            .setTargetAssignment(assignment(group.targetAssignment(m.memberId())))
                            .setMemberType(CONSUMER_MEMBER_TYPE));
        }
        return described;
    }

    private ConsumerGroupDescribeResponseData.Assignment assignment(Map<Uuid, Set<Integer>> partitions) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> list = new ArrayList<>();
        partitions.forEach((id, ps) -> topics.byId(id)
                .ifPresent(t -> list.add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(id)
                        .setTopicName(t.name())
                        .setPartitions(new ArrayList<>(ps)))));
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(list);
    }
}
