package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * SyncGroup (v0+): the leader's assignment goes to the group's shard, which persists it and answers every member
 * with its part; a follower's request waits for that. Runs on a request thread and never blocks.
 */
public final class SyncGroupHandler implements RequestHandler<SyncGroupRequestData> {

    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public CompletionStage<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        return coordinator.route(
                request.groupId(),
                shard -> shard.syncGroup(request),
                e -> new SyncGroupResponseData().setErrorCode(e.code()).setAssignment(new byte[0]));
    }
}
