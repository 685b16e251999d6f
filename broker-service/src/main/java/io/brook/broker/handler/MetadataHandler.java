package io.brook.broker.handler;

import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Metadata: brokers, controller, and for the requested topics (all when the list is null) their ids, partitions,
 * leaders, leader epochs, replicas and ISR. Unknown topics are created on the fly when the client allows it and the
 * broker's {@code auto.create.topics.enable} is on. Runs on a request thread; reads one metadata image.
 */
public final class MetadataHandler implements RequestHandler<MetadataRequestData> {

    private final MetadataStore metadata;
    private final boolean autoCreateTopics;
    private final int defaultPartitions;

    public MetadataHandler(MetadataStore metadata, boolean autoCreateTopics, int defaultPartitions) {
        this.metadata = metadata;
        this.autoCreateTopics = autoCreateTopics;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletionStage<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        boolean allowCreate = autoCreateTopics && (context.apiVersion() < 4 || request.allowAutoTopicCreation());
        List<CompletableFuture<?>> creations = new ArrayList<>();
        if (allowCreate && request.topics() != null) {
            MetadataImage image = metadata.image();
            for (var topic : request.topics()) {
                if (topic.name() != null && image.topic(topic.name()).isEmpty()) {
                    creations.add(metadata.createTopic(topic.name(), defaultPartitions, (short) 1, Map.of(), false)
                            .exceptionally(e -> null));
                }
            }
        }
        return CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> response(request, metadata.image()));
    }

    private MetadataResponseData response(MetadataRequestData request, MetadataImage image) {
        var response =
                new MetadataResponseData().setClusterId(image.clusterId()).setControllerId(image.controllerId());
        for (BrokerImage broker : image.brokers().values()) {
            response.brokers()
                    .add(new MetadataResponseBroker()
                            .setNodeId(broker.id())
                            .setHost(broker.host())
                            .setPort(broker.port())
                            .setRack(broker.rack()));
        }
        if (request.topics() == null) {
            image.allTopics().forEach(t -> response.topics().add(topic(image, t)));
            return response;
        }
        for (var requested : request.topics()) {
            var found = requested.name() != null ? image.topic(requested.name()) : image.topic(requested.topicId());
            response.topics()
                    .add(found.map(t -> topic(image, t))
                            .orElseGet(() -> unknownTopic(requested.name(), requested.topicId())));
        }
        return response;
    }

    private MetadataResponseTopic topic(MetadataImage image, TopicImage topic) {
        var result = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.isInternal())
                .setErrorCode(Errors.NONE.code());
        for (PartitionImage p : topic.partitions()) {
            result.partitions()
                    .add(new MetadataResponsePartition()
                            .setPartitionIndex(p.partition())
                            .setLeaderId(p.leaderId())
                            .setLeaderEpoch(p.leaderEpoch())
                            .setReplicaNodes(new ArrayList<>(p.replicas()))
                            .setIsrNodes(new ArrayList<>(p.isr()))
                            .setOfflineReplicas(new ArrayList<>(p.replicas().stream()
                                    .filter(r -> !image.brokers().containsKey(r))
                                    .toList()))
                            .setErrorCode(p.leaderId() < 0 ? Errors.LEADER_NOT_AVAILABLE.code() : Errors.NONE.code()));
        }
        return result;
    }

    private MetadataResponseTopic unknownTopic(String name, Uuid id) {
        Errors error = name == null ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
        return new MetadataResponseTopic()
                .setName(name)
                .setTopicId(id == null ? Uuid.ZERO_UUID : id)
                .setErrorCode(error.code());
    }
}
