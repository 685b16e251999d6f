package io.brook.broker.handler;

import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Serves DescribeConfigs (v1+) for topics and for this broker.
 *
 * <p>TOPIC resources: every topic config with its effective value and source (TOPIC_CONFIG for an override,
 * STATIC_BROKER_CONFIG for a broker default, DEFAULT_CONFIG otherwise), synonyms when asked for, and from v3 the
 * config type; an unknown topic is UNKNOWN_TOPIC_OR_PARTITION. BROKER resources named by this broker's id: the
 * broker's static configs, all read-only, since this broker has no dynamic configs. The empty name stands for the
 * cluster-wide dynamic defaults, of which there are none, so it describes no configs. Any other broker id, and any
 * other resource type, is INVALID_REQUEST. {@code configurationKeys} filters the configs (null means all).
 * Documentation is not available and is always null.
 *
 * <p>Threading: runs on a request thread, reads one metadata image and returns a completed stage. Immutable, so
 * thread-safe.
 */
public final class DescribeConfigsHandler implements RequestHandler<DescribeConfigsRequestData> {

    private final MetadataStore metadataStore;
    private final TopicConfigEntries topicConfigEntries;
    private final int brokerId;
    private final Map<String, String> brokerConfigs;

    /**
     * @param brokerId this broker's id
     * @param brokerConfigs the broker's configs by Kafka name ({@code num.partitions}, {@code log.retention.ms}, ...)
     */
    public DescribeConfigsHandler(
            MetadataStore metadataStore, TopicConfigs topicConfigs, int brokerId, Map<String, String> brokerConfigs) {
        this.metadataStore = metadataStore;
        this.topicConfigEntries = new TopicConfigEntries(topicConfigs);
        this.brokerId = brokerId;
        this.brokerConfigs = new TreeMap<>(brokerConfigs);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletionStage<DescribeConfigsResponseData> handle(
            RequestContext context, DescribeConfigsRequestData request) {
        MetadataImage image = metadataStore.image();
        List<DescribeConfigsResult> results = new ArrayList<>();
        for (DescribeConfigsResource resource : request.resources()) {
            results.add(describe(image, resource, request.includeSynonyms()));
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponseData().setResults(results));
    }

    private DescribeConfigsResult describe(
            MetadataImage image, DescribeConfigsResource resource, boolean includeSynonyms) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        try {
            List<DescribeConfigsResourceResult> configs = switch (ConfigResource.Type.forId(resource.resourceType())) {
                case TOPIC -> topicConfigs(image, resource.resourceName(), includeSynonyms);
                case BROKER -> brokerConfigs(resource.resourceName(), includeSynonyms);
                default ->
                    throw new InvalidRequestException(
                            "Unsupported resource type: " + ConfigResource.Type.forId(resource.resourceType()));
            };
            return result.setErrorCode(Errors.NONE.code())
                    .setErrorMessage(null)
                    .setConfigs(requested(configs, resource.configurationKeys()));
        } catch (ApiException e) {
            ApiError error = ApiError.fromThrowable(e);
            return result.setErrorCode(error.error().code()).setErrorMessage(error.message());
        }
    }

    private static List<DescribeConfigsResourceResult> requested(
            List<DescribeConfigsResourceResult> configs, List<String> keys) {
        if (keys == null) {
            return new ArrayList<>(configs);
        }
        return new ArrayList<>(
                configs.stream().filter(c -> keys.contains(c.name())).toList());
    }

    private List<DescribeConfigsResourceResult> topicConfigs(
            MetadataImage image, String name, boolean includeSynonyms) {
        Topic.validate(name);
        TopicImage topic = image.topic(name)
                .orElseThrow(() -> new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist."));
        return topicConfigEntries.describe(topic.configs(), includeSynonyms);
    }

    private List<DescribeConfigsResourceResult> brokerConfigs(String name, boolean includeSynonyms) {
        if (name.isEmpty()) {
            return List.of();
        }
        int id;
        try {
            id = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Broker id must be an integer, but it is: " + name);
        }
        if (id != brokerId) {
            throw new InvalidRequestException(
                    "Unexpected broker id, expected " + brokerId + " or empty string, but received " + name);
        }
        return brokerConfigs.entrySet().stream()
                .map(e -> brokerConfig(e.getKey(), e.getValue(), includeSynonyms))
                .toList();
    }

    private static DescribeConfigsResourceResult brokerConfig(String name, String value, boolean includeSynonyms) {
        boolean sensitive = isSensitive(name);
        String shown = sensitive ? null : value;
        List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
        if (includeSynonyms) {
            synonyms.add(new DescribeConfigsSynonym()
                    .setName(name)
                    .setValue(shown)
                    .setSource(ConfigSource.STATIC_BROKER_CONFIG.id()));
        }
        return new DescribeConfigsResourceResult()
                .setName(name)
                .setValue(shown)
                .setReadOnly(true)
                .setConfigSource(ConfigSource.STATIC_BROKER_CONFIG.id())
                .setIsSensitive(sensitive)
                .setSynonyms(synonyms)
                .setConfigType(sensitive ? ConfigType.PASSWORD.id() : TopicConfigEntries.brokerConfigType(name))
                .setDocumentation(null);
    }

    /** Secrets are described without their value, as Kafka does for password-typed configs. */
    private static boolean isSensitive(String name) {
        return name.endsWith(".password") || name.endsWith(".jaas.config") || name.endsWith("secret");
    }
}
