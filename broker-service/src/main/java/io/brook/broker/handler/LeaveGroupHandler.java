package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * LeaveGroup: v0-2 remove the one {@code member_id} and answer with its error at the top level; v3+ remove a batch
 * of members (by member id, or by instance id for static members) with one error each. Never blocks.
 */
public final class LeaveGroupHandler implements RequestHandler<LeaveGroupRequestData> {

    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public CompletionStage<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        boolean batched = context.apiVersion() >= 3;
        List<MemberIdentity> members =
                batched ? request.members() : List.of(new MemberIdentity().setMemberId(request.memberId()));
        return coordinator
                .route(
                        request.groupId(),
                        shard -> shard.leaveGroup(request.groupId(), members),
                        e -> new LeaveGroupResponseData().setErrorCode(e.code()))
                .thenApply(response -> batched ? response : single(response));
    }

    private static LeaveGroupResponseData single(LeaveGroupResponseData response) {
        short error = response.errorCode();
        if (error == Errors.NONE.code() && !response.members().isEmpty()) {
            error = response.members().get(0).errorCode();
        }
        return new LeaveGroupResponseData().setErrorCode(error);
    }
}
