package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * DeleteGroups (v0+): deletes each listed group that is empty, with its committed offsets (NON_EMPTY_GROUP while
 * it has members, GROUP_ID_NOT_FOUND if unknown), answered once the tombstones are appended. Never blocks.
 */
public final class DeleteGroupsHandler implements RequestHandler<DeleteGroupsRequestData> {

    private final GroupCoordinator coordinator;

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public CompletionStage<DeleteGroupsResponseData> handle(RequestContext context, DeleteGroupsRequestData request) {
        List<String> ids = request.groupsNames().stream().distinct().toList();
        List<CompletableFuture<DeletableGroupResult>> results = new ArrayList<>();
        for (String groupId : ids) {
            results.add(coordinator
                    .route(groupId, shard -> shard.deleteGroup(groupId), e -> e)
                    .thenApply(error -> new DeletableGroupResult()
                            .setGroupId(groupId)
                            .setErrorCode(error.code())
                            .setErrorMessage(error == Errors.NONE ? null : error.message())));
        }
        return Stages.inOrder(results).thenApply(list -> {
            var collection = new DeletableGroupResultCollection();
            list.forEach(collection::add);
            return new DeleteGroupsResponseData().setResults(collection);
        });
    }
}
