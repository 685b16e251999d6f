package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ConsumerGroupHeartbeat (v0+, KIP-848): joins, heartbeats and leaves of consumer protocol members, served by the
 * group's shard, which computes assignments server-side. Never blocks.
 */
public final class ConsumerGroupHeartbeatHandler implements RequestHandler<ConsumerGroupHeartbeatRequestData> {

    private final GroupCoordinator coordinator;

    public ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public CompletionStage<ConsumerGroupHeartbeatResponseData> handle(
            RequestContext context, ConsumerGroupHeartbeatRequestData request) {
        return coordinator.route(
                request.groupId(),
                shard -> shard.consumerGroupHeartbeat(GroupRequests.context(context), request),
                e -> new ConsumerGroupHeartbeatResponseData().setErrorCode(e.code()));
    }
}
