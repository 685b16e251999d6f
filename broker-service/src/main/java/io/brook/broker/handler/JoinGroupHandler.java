package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * JoinGroup (v0+): hands the request to the group's coordinator shard and shapes the answer for the version (a
 * null protocol name only from v7, skip-assignment only from v9). The answer may come much later: when the
 * group's join phase completes. Runs on a request thread and never blocks.
 */
public final class JoinGroupHandler implements RequestHandler<JoinGroupRequestData> {

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public CompletionStage<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        short version = context.apiVersion();
        return coordinator
                .route(
                        request.groupId(),
                        shard -> shard.joinGroup(GroupRequests.context(context), request),
                        JoinGroupHandler::error)
                .thenApply(response -> forVersion(response, version));
    }

    static JoinGroupResponseData error(Errors error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(null)
                .setLeader("")
                .setMemberId("");
    }

    private static JoinGroupResponseData forVersion(JoinGroupResponseData response, short version) {
        if (version < 7 && response.protocolName() == null) {
            response.setProtocolName("");
        }
        if (version < 9) {
            response.setSkipAssignment(false);
        }
        if (response.leader() == null) {
            response.setLeader("");
        }
        return response;
    }
}
