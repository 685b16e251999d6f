package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.OffsetDeleteOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetDelete (v0): deletes a group's committed offsets for the listed partitions. An empty group may lose any;
 * a consumer group with members keeps those of topics it subscribes to (GROUP_SUBSCRIBED_TO_TOPIC); an unknown
 * group is GROUP_ID_NOT_FOUND. Answered once the tombstones are appended. Never blocks.
 */
public final class OffsetDeleteHandler implements RequestHandler<OffsetDeleteRequestData> {

    private final GroupCoordinator coordinator;

    public OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public CompletionStage<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                partitions.add(new TopicPartition(topic.name(), p.partitionIndex()));
            }
        }
        return coordinator
                .route(
                        request.groupId(),
                        shard -> shard.deleteOffsets(request.groupId(), partitions),
                        OffsetDeleteOutcome::failed)
                .thenApply(outcome -> response(request, outcome));
    }

    private static OffsetDeleteResponseData response(OffsetDeleteRequestData request, OffsetDeleteOutcome outcome) {
        var response =
                new OffsetDeleteResponseData().setErrorCode(outcome.error().code());
        if (outcome.error() != Errors.NONE) {
            return response;
        }
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            var topicResponse = new OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                Errors error = outcome.partitions()
                        .getOrDefault(new TopicPartition(topic.name(), p.partitionIndex()), Errors.NONE);
                topicResponse
                        .partitions()
                        .add(new OffsetDeleteResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(topicResponse);
        }
        return response;
    }
}
