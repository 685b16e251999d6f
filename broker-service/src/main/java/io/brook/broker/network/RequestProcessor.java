package io.brook.broker.network;

import io.brook.broker.handler.RequestContext;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;

/** What the network layer hands a parsed request to; implemented by the broker's dispatch. */
public interface RequestProcessor {

    /** Whether the broker serves this API version (unsupported ones close the connection, as Kafka does). */
    boolean supports(org.apache.kafka.common.protocol.ApiKeys apiKey, short version);

    /** Whether the client waits for an answer to this request. */
    boolean expectsResponse(AbstractRequest request);

    /** Serves the request; runs on a request thread. A {@code null} response means none is sent. */
    CompletionStage<? extends ApiMessage> process(RequestContext context, AbstractRequest request);

    /** The ApiVersions response body to answer an ApiVersions request of a version the broker does not know. */
    ApiMessage unsupportedApiVersionsResponse();
}
