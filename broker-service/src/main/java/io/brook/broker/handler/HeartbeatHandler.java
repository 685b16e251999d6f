package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/** Heartbeat (v0+): keeps a classic group member's session alive; tells it when to rejoin. Never blocks. */
public final class HeartbeatHandler implements RequestHandler<HeartbeatRequestData> {

    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public CompletionStage<HeartbeatResponseData> handle(RequestContext context, HeartbeatRequestData request) {
        return coordinator.route(
                request.groupId(),
                shard -> shard.heartbeat(request),
                e -> new HeartbeatResponseData().setErrorCode(e.code()));
    }
}
