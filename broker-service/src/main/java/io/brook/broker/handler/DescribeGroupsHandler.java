package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeGroups (v0+): state, protocol type, selected protocol and members (client id, host, and in a Stable
 * group their metadata and assignment) of each group, from its shard. An unknown group, or a consumer group
 * (KIP-848; ConsumerGroupDescribe describes those), is reported Dead, with GROUP_ID_NOT_FOUND from v6 (KIP-1043). Authorized operations are not computed (no authorizer). Never blocks.
 */
public final class DescribeGroupsHandler implements RequestHandler<DescribeGroupsRequestData> {

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public CompletionStage<DescribeGroupsResponseData> handle(
            RequestContext context, DescribeGroupsRequestData request) {
        short version = context.apiVersion();
        List<CompletableFuture<DescribedGroup>> groups = new ArrayList<>();
        for (String groupId : request.groups()) {
            groups.add(coordinator
                    .route(groupId, shard -> shard.describeGroup(groupId), e -> failed(groupId, e))
                    .thenApply(g -> g == null ? notFound(groupId, version, "Group " + groupId + " not found.") : g)
                    .thenApply(g -> g.errorCode() == Errors.GROUP_ID_NOT_FOUND.code()
                            ? notFound(groupId, version, g.errorMessage())
                            : g));
        }
        return Stages.inOrder(groups).thenApply(list -> new DescribeGroupsResponseData().setGroups(list));
    }

    private static DescribedGroup failed(String groupId, Errors error) {
        return new DescribedGroup()
                .setGroupId(groupId)
                .setErrorCode(error.code())
                .setGroupState("")
                .setProtocolType("")
                .setProtocolData("");
    }

    /** An unknown group, or one of another type (a consumer group): Dead, with the error from version 6 on. */
    private static DescribedGroup notFound(String groupId, short version, String message) {
        var group = new DescribedGroup()
                .setGroupId(groupId)
                .setGroupState("Dead")
                .setProtocolType("")
                .setProtocolData("");
        if (version >= 6) {
            group.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(message);
        }
        return group;
    }
}
