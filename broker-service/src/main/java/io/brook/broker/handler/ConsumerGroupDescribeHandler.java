package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.ShardOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ConsumerGroupDescribe (v0+): epochs, assignor and members with their current and target assignments of each
 * consumer group, from its shard. A group that does not exist or is not a consumer group gets GROUP_ID_NOT_FOUND
 * (the Admin client then falls back to DescribeGroups). Authorized operations are not computed. Never blocks.
 */
public final class ConsumerGroupDescribeHandler implements RequestHandler<ConsumerGroupDescribeRequestData> {

    private final GroupCoordinator coordinator;

    public ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_DESCRIBE;
    }

    @Override
    public CompletionStage<ConsumerGroupDescribeResponseData> handle(
            RequestContext context, ConsumerGroupDescribeRequestData request) {
        List<CompletableFuture<DescribedGroup>> groups = new ArrayList<>();
        for (String groupId : request.groupIds()) {
            groups.add(coordinator.route(
                    groupId,
                    shard -> shard.consumerGroupDescribe(groupId),
                    e -> ShardOperations.describeError(groupId, e, null)));
        }
        return Stages.inOrder(groups).thenApply(list -> new ConsumerGroupDescribeResponseData().setGroups(list));
    }
}
