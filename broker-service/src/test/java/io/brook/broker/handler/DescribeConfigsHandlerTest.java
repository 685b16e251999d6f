package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.brook.broker.metadata.LocalMetadataStore;
import io.brook.broker.metadata.TopicConfigKey;
import io.brook.broker.metadata.TopicConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DescribeConfigsHandlerTest {

    private static final int BROKER_ID = 1;

    @TempDir
    Path dataDir;

    private LocalMetadataStore store;
    private DescribeConfigsHandler handler;

    @BeforeEach
    void setUp() {
        store = new LocalMetadataStore(dataDir, BROKER_ID);
        store.createTopic("orders", 1, (short) 1, Map.of("retention.ms", "1000"), false)
                .join();
        TopicConfigs topicConfigs = new TopicConfigs(Map.of(TopicConfigKey.SEGMENT_BYTES, "1048576"));
        Map<String, String> brokerConfigs = Map.of(
                "num.partitions", "3",
                "log.retention.ms", "604800000",
                "auto.create.topics.enable", "false",
                "ssl.keystore.password", "hunter2");
        handler = new DescribeConfigsHandler(store, topicConfigs, BROKER_ID, brokerConfigs);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.DESCRIBE_CONFIGS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void describesEveryTopicConfigWithItsSource(int version) {
        DescribeConfigsResult result = describeOne(ConfigResource.Type.TOPIC, "orders", null, false, version);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.resourceName()).isEqualTo("orders");
        Map<String, DescribeConfigsResourceResult> configs = byName(result);
        assertThat(configs).hasSize(TopicConfigKey.values().length);
        assertThat(configs.get("retention.ms").value()).isEqualTo("1000");
        assertThat(configs.get("retention.ms").configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
        assertThat(configs.get("segment.bytes").value()).isEqualTo("1048576");
        assertThat(configs.get("segment.bytes").configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
        assertThat(configs.get("cleanup.policy").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
        assertThat(configs.values()).allSatisfy(c -> {
            assertThat(c.readOnly()).isFalse();
            assertThat(c.isSensitive()).isFalse();
            assertThat(c.synonyms()).isEmpty();
        });
        if (version >= 3) {
            assertThat(configs.values())
                    .allSatisfy(c -> assertThat(c.documentation()).isNull());
        }
        byte expectedType = version >= 3 ? ConfigType.LONG.id() : ConfigType.UNKNOWN.id();
        assertThat(configs.get("retention.ms").configType()).isEqualTo(expectedType);
    }

    @Test
    void synonymsListOverrideThenBrokerThenDefault() {
        DescribeConfigsResult result =
                describeOne(ConfigResource.Type.TOPIC, "orders", List.of("retention.ms", "segment.bytes"), true, 4);

        Map<String, DescribeConfigsResourceResult> configs = byName(result);
        assertThat(configs).containsOnlyKeys("retention.ms", "segment.bytes");
        assertThat(configs.get("retention.ms").synonyms())
                .extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::value, DescribeConfigsSynonym::source)
                .containsExactly(
                        tuple("retention.ms", "1000", ConfigSource.TOPIC_CONFIG.id()),
                        tuple("log.retention.ms", "604800000", ConfigSource.DEFAULT_CONFIG.id()));
        assertThat(configs.get("segment.bytes").synonyms())
                .extracting(DescribeConfigsSynonym::name, DescribeConfigsSynonym::source)
                .containsExactly(
                        tuple("log.segment.bytes", ConfigSource.STATIC_BROKER_CONFIG.id()),
                        tuple("log.segment.bytes", ConfigSource.DEFAULT_CONFIG.id()));
    }

    @Test
    void unknownTopicIsUnknownTopicOrPartition() {
        DescribeConfigsResult result = describeOne(ConfigResource.Type.TOPIC, "missing", null, false, 4);

        assertThat(result.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(result.errorMessage()).contains("missing");
        assertThat(result.configs()).isEmpty();
    }

    @Test
    void invalidTopicNameIsInvalidTopic() {
        DescribeConfigsResult result = describeOne(ConfigResource.Type.TOPIC, "bad/name", null, false, 4);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
    }

    @ParameterizedTest
    @MethodSource("versions")
    void describesThisBrokersStaticConfigs(int version) {
        DescribeConfigsResult result = describeOne(ConfigResource.Type.BROKER, "1", null, true, version);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        Map<String, DescribeConfigsResourceResult> configs = byName(result);
        assertThat(configs)
                .containsOnlyKeys(
                        "num.partitions", "log.retention.ms", "auto.create.topics.enable", "ssl.keystore.password");
        assertThat(configs.get("num.partitions").value()).isEqualTo("3");
        assertThat(configs.values()).allSatisfy(c -> {
            assertThat(c.readOnly()).isTrue();
            assertThat(c.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
            assertThat(c.synonyms()).hasSize(1);
        });
        assertThat(configs.get("ssl.keystore.password").value()).isNull();
        assertThat(configs.get("ssl.keystore.password").isSensitive()).isTrue();
        assertThat(configs.get("ssl.keystore.password").synonyms().get(0).value())
                .isNull();
    }

    @Test
    void clusterDefaultBrokerResourceHasNoDynamicDefaults() {
        DescribeConfigsResult result = describeOne(ConfigResource.Type.BROKER, "", null, false, 4);

        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.configs()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "one"})
    void otherBrokerIsInvalidRequest(String name) {
        DescribeConfigsResult result = describeOne(ConfigResource.Type.BROKER, name, null, false, 4);

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage()).contains(name);
    }

    @Test
    void otherResourceTypesAreInvalidRequest() {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData();
        request.resources().add(resource(ConfigResource.Type.BROKER_LOGGER, "1", null));
        request.resources().add(resource(ConfigResource.Type.GROUP, "g", null));
        request.resources().add(resource(ConfigResource.Type.TOPIC, "orders", List.of("retention.ms")));

        DescribeConfigsResponseData response = call(handler, request, 4);

        assertThat(response.results())
                .extracting(DescribeConfigsResult::errorCode)
                .containsExactly(Errors.INVALID_REQUEST.code(), Errors.INVALID_REQUEST.code(), Errors.NONE.code());
    }

    private DescribeConfigsResult describeOne(
            ConfigResource.Type type, String name, List<String> keys, boolean includeSynonyms, int version) {
        DescribeConfigsRequestData request = new DescribeConfigsRequestData()
                .setIncludeSynonyms(includeSynonyms)
                .setIncludeDocumentation(version >= 3);
        request.resources().add(resource(type, name, keys));
        DescribeConfigsResponseData response = call(handler, request, version);
        assertThat(response.results()).hasSize(1);
        return response.results().get(0);
    }

    private static DescribeConfigsResource resource(ConfigResource.Type type, String name, List<String> keys) {
        return new DescribeConfigsResource()
                .setResourceType(type.id())
                .setResourceName(name)
                .setConfigurationKeys(keys);
    }

    private static Map<String, DescribeConfigsResourceResult> byName(DescribeConfigsResult result) {
        return result.configs().stream()
                .collect(Collectors.toMap(DescribeConfigsResourceResult::name, Function.identity()));
    }
}
