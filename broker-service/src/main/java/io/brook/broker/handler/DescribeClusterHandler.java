package io.brook.broker.handler;

import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.MetadataStore;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.EndpointType;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Serves DescribeCluster (v0+): the cluster id, the controller id and the brokers with their listener address and
 * rack, from one metadata image.
 *
 * <p>This is a broker endpoint: from v1 a request for controllers ({@code endpointType = 2}) is
 * MISMATCHED_ENDPOINT_TYPE and an unknown endpoint type UNSUPPORTED_ENDPOINT_TYPE, as on a Kafka broker. Brokers of
 * this cluster are never fenced, so {@code includeFencedBrokers} (v2) changes nothing and {@code isFenced} is always
 * false. Authorized operations are not computed: {@code clusterAuthorizedOperations} keeps its "not provided" value.
 *
 * <p>Threading: runs on a request thread and returns a completed stage. Stateless, so thread-safe.
 */
public final class DescribeClusterHandler implements RequestHandler<DescribeClusterRequestData> {

    private final MetadataStore metadataStore;

    public DescribeClusterHandler(MetadataStore metadataStore) {
        this.metadataStore = metadataStore;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletionStage<DescribeClusterResponseData> handle(
            RequestContext context, DescribeClusterRequestData request) {
        EndpointType requested =
                context.apiVersion() >= 1 ? EndpointType.fromId(request.endpointType()) : EndpointType.BROKER;
        DescribeClusterResponseData response = switch (requested) {
            case BROKER -> describe(metadataStore.image());
            case CONTROLLER ->
                error(
                        Errors.MISMATCHED_ENDPOINT_TYPE,
                        "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type "
                                + "CONTROLLER");
            case UNKNOWN ->
                error(Errors.UNSUPPORTED_ENDPOINT_TYPE, "Unsupported endpoint type " + request.endpointType());
        };
        return CompletableFuture.completedFuture(response);
    }

    private static DescribeClusterResponseData describe(MetadataImage image) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setErrorCode(Errors.NONE.code())
                .setEndpointType(EndpointType.BROKER.id())
                .setClusterId(image.clusterId())
                .setControllerId(image.controllerId());
        image.brokers().values().stream()
                .sorted(Comparator.comparingInt(BrokerImage::id))
                .forEach(broker -> response.brokers()
                        .add(new DescribeClusterBroker()
                                .setBrokerId(broker.id())
                                .setHost(broker.host())
                                .setPort(broker.port())
                                .setRack(broker.rack())
                                .setIsFenced(false)));
        return response;
    }

    private static DescribeClusterResponseData error(Errors error, String message) {
        return new DescribeClusterResponseData().setErrorCode(error.code()).setErrorMessage(message);
    }
}
