package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicConfigKey;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * Serves IncrementalAlterConfigs (v0+) for topics: applies SET, DELETE, APPEND and SUBTRACT to a topic's config
 * overrides in request order, validates the result with {@link TopicConfigs} and stores it through
 * {@link MetadataStore#replaceTopicConfigs} (only validated when {@code validateOnly} is set). A resource's
 * operations apply together or not at all.
 *
 * <p>Per resource, as Kafka checks them: a resource named twice is INVALID_REQUEST, so is a config key given twice
 * or a null value for anything but DELETE; an unknown topic is UNKNOWN_TOPIC_OR_PARTITION; an unknown config name,
 * APPEND or SUBTRACT on a non-LIST config, or an invalid value is INVALID_CONFIG. APPEND and SUBTRACT start from the
 * override, or the built-in default when there is none. BROKER resources are INVALID_REQUEST: this broker's configs
 * are all static. Other resource types are INVALID_REQUEST.
 *
 * <p>Threading: runs on a request thread and never blocks. Each topic change is a read-modify-write of the topic's
 * overrides, so changes are chained one after another through {@link #serially} (across all connections): each
 * reads the image only once the previous change has completed, and no change is lost to a concurrent one.
 */
public final class IncrementalAlterConfigsHandler implements RequestHandler<IncrementalAlterConfigsRequestData> {

    private final MetadataStore metadataStore;
    private final TopicConfigs topicConfigs;
    private final int brokerId;
    private CompletableFuture<Void> lastChange = CompletableFuture.completedFuture(null);

    /** @param brokerId this broker's id */
    public IncrementalAlterConfigsHandler(MetadataStore metadataStore, TopicConfigs topicConfigs, int brokerId) {
        this.metadataStore = metadataStore;
        this.topicConfigs = topicConfigs;
        this.brokerId = brokerId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<IncrementalAlterConfigsResponseData> handle(
            RequestContext context, IncrementalAlterConfigsRequestData request) {
        Map<ConfigResource, Integer> counts = new HashMap<>();
        request.resources().forEach(r -> counts.merge(configResource(r), 1, Integer::sum));
        List<CompletableFuture<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : request.resources()) {
            if (counts.get(configResource(resource)) > 1) {
                ApiError duplicate = new ApiError(Errors.INVALID_REQUEST, "Each resource must appear at most once.");
                results.add(CompletableFuture.completedFuture(response(resource, duplicate)));
            } else {
                results.add(alter(resource, request.validateOnly())
                        .handle((ignored, error) ->
                                response(resource, error == null ? ApiError.NONE : ApiError.fromThrowable(error))));
            }
        }
        return Stages.inOrder(results).thenApply(list -> new IncrementalAlterConfigsResponseData().setResponses(list));
    }

    private static ConfigResource configResource(AlterConfigsResource resource) {
        return new ConfigResource(ConfigResource.Type.forId(resource.resourceType()), resource.resourceName());
    }

    private CompletableFuture<Void> alter(AlterConfigsResource resource, boolean validateOnly) {
        try {
            checkShape(resource.configs());
            return switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> serially(() -> alterTopic(resource, validateOnly));
                case BROKER -> throw brokerConfigsAreStatic(resource);
                default ->
                    throw new InvalidRequestException(
                            "Unsupported resource type: " + ConfigResource.Type.forId(resource.resourceType()));
            };
        } catch (ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void checkShape(Collection<AlterableConfig> configs) {
        Set<String> names = new HashSet<>();
        for (AlterableConfig config : configs) {
            if (!names.add(config.name())) {
                throw new InvalidRequestException("Error due to duplicate config keys");
            }
        }
        List<String> nullUpdates = configs.stream()
                .filter(c -> c.configOperation() != OpType.DELETE.id() && c.value() == null)
                .map(AlterableConfig::name)
                .toList();
        if (!nullUpdates.isEmpty()) {
            throw new InvalidRequestException("Null value not supported for : " + String.join(", ", nullUpdates));
        }
    }

    private InvalidRequestException brokerConfigsAreStatic(AlterConfigsResource resource) {
        String name = resource.resourceName();
        if (!name.isEmpty() && !name.equals(Integer.toString(brokerId))) {
            return new InvalidRequestException(
                    "Unexpected broker id, expected " + brokerId + " or empty string, but received " + name);
        }
        List<String> keys =
                resource.configs().stream().map(AlterableConfig::name).toList();
        return new InvalidRequestException("Cannot update these configs dynamically: " + keys
                + ". Dynamic broker configs are not supported: this broker's configs are static and change only "
                + "with its configuration file and a restart.");
    }

    /** Runs {@code change} once every change started before it has completed, successfully or not. */
    private synchronized <T> CompletableFuture<T> serially(Supplier<CompletableFuture<T>> change) {
        CompletableFuture<T> result = lastChange.thenCompose(ignored -> change.get());
        lastChange = result.handle((ignored, error) -> null);
        return result;
    }

    private CompletableFuture<Void> alterTopic(AlterConfigsResource resource, boolean validateOnly) {
        String name = resource.resourceName();
        TopicImage topic = metadataStore
                .image()
                .topic(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist."));
        Map<String, String> overrides = new TreeMap<>(topic.configs());
        for (AlterableConfig config : resource.configs()) {
            apply(overrides, config);
        }
        topicConfigs.validate(overrides);
        return metadataStore.replaceTopicConfigs(name, overrides, validateOnly);
    }

    private static void apply(Map<String, String> overrides, AlterableConfig config) {
        OpType op = OpType.forId(config.configOperation());
        if (op == null) {
            throw new InvalidRequestException(
                    "Unknown alter config operation type " + config.configOperation() + " for config " + config.name());
        }
        TopicConfigKey key = TopicConfigKey.forName(config.name())
                .orElseThrow(() -> new InvalidConfigurationException("Unknown topic config name: " + config.name()));
        switch (op) {
            case SET -> overrides.put(key.key(), config.value());
            case DELETE -> overrides.remove(key.key());
            case APPEND, SUBTRACT -> overrides.put(key.key(), applyToList(overrides, key, op, config.value()));
        }
    }

    private static String applyToList(Map<String, String> overrides, TopicConfigKey key, OpType op, String value) {
        if (key.type() != TopicConfigKey.Type.LIST) {
            throw new InvalidConfigurationException(
                    "Can't " + op + " to key " + key.key() + " because its type is not LIST.");
        }
        List<String> items = new ArrayList<>();
        for (String item : overrides.getOrDefault(key.key(), key.defaultValue()).split(",")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        for (String item : value.split(",")) {
            if (op == OpType.SUBTRACT) {
                items.remove(item);
            } else if (!items.contains(item)) {
                items.add(item);
            }
        }
        return String.join(",", items);
    }

    private static AlterConfigsResourceResponse response(AlterConfigsResource resource, ApiError error) {
        return new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }
}
