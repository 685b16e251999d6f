package io.brook.broker.handler;

import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetForLeaderEpoch (KIP-101, KIP-320): for each partition led here, the largest leader epoch at most the asked
 * one and the offset after its last record. A follower uses it to find where its log and the leader's diverge
 * after a failover and truncates there; a consumer uses it to check its position after a leader change.
 *
 * <p>Per partition: not led here NOT_LEADER_OR_FOLLOWER (UNKNOWN_TOPIC_OR_PARTITION if not a partition at all);
 * a current leader epoch older than ours FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH. Stateless; runs on a
 * request thread.
 */
public final class OffsetForLeaderEpochHandler implements RequestHandler<OffsetForLeaderEpochRequestData> {

    private final PartitionManager partitions;

    public OffsetForLeaderEpochHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public CompletionStage<OffsetForLeaderEpochResponseData> handle(
            RequestContext context, OffsetForLeaderEpochRequestData request) {
        var response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : request.topics()) {
            var result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderPartition p : topic.partitions()) {
                result.partitions().add(answer(new TopicPartition(topic.topic(), p.partition()), p));
            }
            response.topics().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private EpochEndOffset answer(TopicPartition tp, OffsetForLeaderPartition request) {
        var answer = new EpochEndOffset()
                .setPartition(tp.partition())
                .setLeaderEpoch(io.brook.storage.EpochEndOffset.UNDEFINED_EPOCH)
                .setEndOffset(io.brook.storage.EpochEndOffset.UNDEFINED_EPOCH_OFFSET);
        Optional<Partition> partition = partitions.partition(tp);
        if (partition.isEmpty()) {
            return answer.setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code());
        }
        Errors epochError = partition.get().checkLeaderEpoch(request.currentLeaderEpoch());
        if (epochError != Errors.NONE) {
            return answer.setErrorCode(epochError.code());
        }
        io.brook.storage.EpochEndOffset end = partition.get().log().lastOffsetForLeaderEpoch(request.leaderEpoch());
        return answer.setErrorCode(Errors.NONE.code())
                .setLeaderEpoch(end.epoch())
                .setEndOffset(end.endOffset());
    }
}
