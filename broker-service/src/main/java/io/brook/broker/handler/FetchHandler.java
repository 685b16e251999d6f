package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicImage;
import io.brook.broker.metrics.BrokerMetrics;
import io.brook.broker.network.FileSliceRecords;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.storage.LogReadResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Fetch: reads record batches from each requested partition's log, as file slices that the network sends with
 * {@code sendfile}: for consumers never past the high watermark; for followers (a replica id of 0 or more) up to the
 * log end, after recording the follower's fetch offset as its log end offset, which may move the high watermark.
 *
 * <p>Limits follow Kafka: each partition gives at most its {@code partitionMaxBytes}, the whole response at most
 * {@code maxBytes}, except that the first partition with data always returns at least one whole batch so a
 * consumer can make progress. If fewer than {@code minBytes} are available and no partition has an error, the
 * fetch waits (a {@link DelayedFetch}) until an append to one of its partitions or {@code maxWaitMs}, then reads
 * again. Sessions (KIP-227) are not kept: the response's session id is 0, so clients send full fetch requests.
 * Runs on request threads; delayed re-reads run on the request pool.
 */
public final class FetchHandler implements RequestHandler<FetchRequestData> {

    private final MetadataStore metadata;
    private final PartitionManager partitions;
    private final BrokerMetrics metrics;
    private final Executor requestPool;
    private final ScheduledExecutorService timer;

    public FetchHandler(
            MetadataStore metadata,
            PartitionManager partitions,
            BrokerMetrics metrics,
            Executor requestPool,
            ScheduledExecutorService timer) {
        this.metadata = metadata;
        this.partitions = partitions;
        this.metrics = metrics;
        this.requestPool = requestPool;
        this.timer = timer;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public CompletionStage<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        FetchPass first = read(request);
        if (first.bytes() >= request.minBytes() || request.maxWaitMs() <= 0 || first.hasError()) {
            return CompletableFuture.completedFuture(first.respond(metrics));
        }
        var delayed = new DelayedFetch(
                () -> read(request),
                outcome -> outcome.bytes() >= request.minBytes() || outcome.hasError(),
                first.partitions(),
                requestPool,
                timer,
                request.maxWaitMs());
        return delayed.start().thenApply(outcome -> outcome.respond(metrics));
    }

    /** One pass over the requested partitions. */
    FetchPass read(FetchRequestData request) {
        MetadataImage image = metadata.image();
        int replicaId = Math.max(request.replicaId(), request.replicaState().replicaId());
        var pass = new FetchPass(
                new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code()), request.maxBytes());
        for (FetchTopic fetchTopic : request.topics()) {
            Optional<TopicImage> topic =
                    fetchTopic.topic() == null || fetchTopic.topic().isEmpty()
                            ? image.topic(fetchTopic.topicId())
                            : image.topic(fetchTopic.topic());
            var topicResponse =
                    new FetchableTopicResponse().setTopic(fetchTopic.topic()).setTopicId(fetchTopic.topicId());
            for (FetchPartition fetchPartition : fetchTopic.partitions()) {
                PartitionData data = readPartition(topic, fetchTopic, fetchPartition, replicaId, pass);
                if (data.errorCode() != Errors.NONE.code()) {
                    pass.failed();
                }
                topicResponse.partitions().add(data);
            }
            pass.response().responses().add(topicResponse);
        }
        return pass;
    }

    private PartitionData readPartition(
            Optional<TopicImage> topic, FetchTopic fetchTopic, FetchPartition request, int replicaId, FetchPass pass) {
        var data = new PartitionData()
                .setPartitionIndex(request.partition())
                .setRecords(MemoryRecords.EMPTY)
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1);
        if (topic.isEmpty()) {
            boolean byId = fetchTopic.topic() == null || fetchTopic.topic().isEmpty();
            return data.setErrorCode((byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        Optional<Partition> partition =
                partitions.partition(new TopicPartition(topic.get().name(), request.partition()));
        if (partition.isEmpty()) {
            boolean exists = request.partition() >= 0
                    && request.partition() < topic.get().partitionCount();
            return data.setErrorCode(
                    (exists ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        Partition p = partition.get();
        Errors epochError = p.checkLeaderEpoch(request.currentLeaderEpoch());
        if (epochError != Errors.NONE) {
            return data.setErrorCode(epochError.code());
        }
        pass.touched(p);
        try {
            int maxBytes = Math.max(0, Math.min(request.partitionMaxBytes(), pass.remainingBytes()));
            LogReadResult result;
            if (replicaId >= 0) {
                p.recordFollowerFetch(replicaId, request.fetchOffset());
                result = p.readForFollower(request.fetchOffset(), maxBytes, pass.isEmpty());
            } else {
                result = p.read(request.fetchOffset(), maxBytes, pass.isEmpty());
            }
            data.setHighWatermark(result.highWatermark())
                    .setLastStableOffset(result.highWatermark())
                    .setLogStartOffset(result.logStartOffset());
            if (!result.records().isEmpty()) {
                data.setRecords(new FileSliceRecords(result.records()));
                pass.delivered(
                        topic.get().name(), result.records().size(), result.nextOffset() - request.fetchOffset());
            }
            return data.setErrorCode(Errors.NONE.code());
        } catch (RuntimeException e) {
            var log = p.log();
            return data.setErrorCode(ErrorMapping.toErrors(e).code())
                    .setHighWatermark(log.highWatermark())
                    .setLastStableOffset(log.highWatermark())
                    .setLogStartOffset(log.logStartOffset());
        }
    }
}
