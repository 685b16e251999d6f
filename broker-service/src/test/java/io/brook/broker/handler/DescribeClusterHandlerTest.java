package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.LocalMetadataStore;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DescribeClusterHandlerTest {

    @TempDir
    Path dataDir;

    private LocalMetadataStore store;
    private DescribeClusterHandler handler;

    @BeforeEach
    void setUp() {
        store = new LocalMetadataStore(dataDir, 4);
        store.registerBroker(new BrokerImage(4, "broker-4.local", 9094, "rack-a"))
                .join();
        handler = new DescribeClusterHandler(store);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.DESCRIBE_CLUSTER);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void describesClusterAndBrokers(int version) {
        DescribeClusterRequestData request = new DescribeClusterRequestData();
        if (version >= 2) {
            request.setIncludeFencedBrokers(true);
        }

        DescribeClusterResponseData response = call(handler, request, version);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.clusterId()).isEqualTo(store.image().clusterId()).isNotBlank();
        assertThat(response.controllerId()).isEqualTo(4);
        assertThat(response.endpointType()).isEqualTo(EndpointType.BROKER.id());
        assertThat(response.clusterAuthorizedOperations()).isEqualTo(Integer.MIN_VALUE);
        assertThat(response.brokers()).hasSize(1);
        DescribeClusterBroker broker = response.brokers().iterator().next();
        assertThat(broker.brokerId()).isEqualTo(4);
        assertThat(broker.host()).isEqualTo("broker-4.local");
        assertThat(broker.port()).isEqualTo(9094);
        assertThat(broker.rack()).isEqualTo("rack-a");
        assertThat(broker.isFenced()).isFalse();
    }

    @Test
    void controllerEndpointIsMismatchedEndpointType() {
        DescribeClusterRequestData request =
                new DescribeClusterRequestData().setEndpointType(EndpointType.CONTROLLER.id());

        DescribeClusterResponseData response = call(handler, request, 2);

        assertThat(response.errorCode()).isEqualTo(Errors.MISMATCHED_ENDPOINT_TYPE.code());
        assertThat(response.errorMessage()).contains("CONTROLLER");
        assertThat(response.brokers()).isEmpty();
    }

    @Test
    void unknownEndpointTypeIsUnsupportedEndpointType() {
        DescribeClusterRequestData request = new DescribeClusterRequestData().setEndpointType((byte) 7);

        DescribeClusterResponseData response = call(handler, request, 1);

        assertThat(response.errorCode()).isEqualTo(Errors.UNSUPPORTED_ENDPOINT_TYPE.code());
    }
}
