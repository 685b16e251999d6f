package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.metadata.LocalMetadataStore;
import io.brook.broker.metadata.TopicImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeleteTopicsHandlerTest {

    @TempDir
    Path dataDir;

    private LocalMetadataStore store;
    private DeleteTopicsHandler handler;
    private TopicImage orders;

    @BeforeEach
    void setUp() {
        store = new LocalMetadataStore(dataDir, 1);
        orders = store.createTopic("orders", 2, (short) 1, Map.of(), false).join();
        handler = new DeleteTopicsHandler(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.DELETE_TOPICS);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void deletesTopicByName(int version) {
        DeleteTopicsResponseData response = call(handler, byName(version, "orders"), version);

        DeletableTopicResult result = single(response);
        assertThat(result.name()).isEqualTo("orders");
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(result.topicId()).isEqualTo(version >= 6 ? orders.id() : Uuid.ZERO_UUID);
        assertThat(store.image().topic("orders")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void unknownNameIsUnknownTopicOrPartition(int version) {
        DeleteTopicsResponseData response = call(handler, byName(version, "missing"), version);

        DeletableTopicResult result = single(response);
        assertThat(result.name()).isEqualTo("missing");
        assertThat(result.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(store.image().topic("orders")).isPresent();
    }

    @Test
    void deletesTopicByIdAndNamesIt() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData();
        request.topics().add(new DeleteTopicState().setTopicId(orders.id()));

        DeletableTopicResult result = single(call(handler, request, 6));

        assertThat(result.name()).isEqualTo("orders");
        assertThat(result.topicId()).isEqualTo(orders.id());
        assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(store.image().topic("orders")).isEmpty();
    }

    @Test
    void unknownIdIsUnknownTopicId() {
        Uuid unknown = Uuid.randomUuid();
        DeleteTopicsRequestData request = new DeleteTopicsRequestData();
        request.topics().add(new DeleteTopicState().setTopicId(unknown));

        DeletableTopicResult result = single(call(handler, request, 6));

        assertThat(result.name()).isNull();
        assertThat(result.topicId()).isEqualTo(unknown);
        assertThat(result.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
    }

    @Test
    void nameAndIdTogetherIsInvalidRequest() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData();
        request.topics().add(new DeleteTopicState().setName("orders").setTopicId(orders.id()));

        DeletableTopicResult result = single(call(handler, request, 6));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(store.image().topic("orders")).isPresent();
    }

    @Test
    void neitherNameNorIdIsInvalidRequest() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData();
        request.topics().add(new DeleteTopicState().setName(null));

        DeletableTopicResult result = single(call(handler, request, 6));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage()).isEqualTo("Neither topic name nor id were specified.");
    }

    @Test
    void duplicateNameIsReportedOnceAndNothingIsDeleted() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTopicNames(List.of("orders", "orders"));

        DeletableTopicResult result = single(call(handler, request, 5));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage()).isEqualTo("Duplicate topic name.");
        assertThat(store.image().topic("orders")).isPresent();
    }

    @Test
    void duplicateIdIsReportedOnce() {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData();
        request.topics().add(new DeleteTopicState().setTopicId(orders.id()));
        request.topics().add(new DeleteTopicState().setTopicId(orders.id()));

        DeletableTopicResult result = single(call(handler, request, 6));

        assertThat(result.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(result.errorMessage()).isEqualTo("Duplicate topic ID.");
        assertThat(store.image().topic("orders")).isPresent();
    }

    private static DeleteTopicsRequestData byName(int version, String name) {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(1000);
        if (version >= 6) {
            request.topics().add(new DeleteTopicState().setName(name));
        } else {
            request.setTopicNames(List.of(name));
        }
        return request;
    }

    private static DeletableTopicResult single(DeleteTopicsResponseData response) {
        assertThat(response.responses()).hasSize(1);
        return response.responses().iterator().next();
    }
}
