package io.brook.broker.handler;

import io.brook.broker.metrics.BrokerMetrics;
import io.brook.broker.network.RequestProcessor;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Dispatches parsed requests to their handler and times them per API. Stateless apart from the dispatcher;
 * thread-safe.
 */
public final class BrokerRequestProcessor implements RequestProcessor {

    private final ApiDispatcher dispatcher;
    private final ApiVersionsHandler apiVersions;
    private final BrokerMetrics metrics;

    public BrokerRequestProcessor(ApiDispatcher dispatcher, ApiVersionsHandler apiVersions, BrokerMetrics metrics) {
        this.dispatcher = dispatcher;
        this.apiVersions = apiVersions;
        this.metrics = metrics;
    }

    @Override
    public boolean supports(ApiKeys apiKey, short version) {
        return dispatcher.supports(apiKey, version);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean expectsResponse(AbstractRequest request) {
        RequestHandler handler = dispatcher.handler(request.apiKey()).orElseThrow();
        return handler.expectsResponse(request.data());
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CompletionStage<? extends ApiMessage> process(RequestContext context, AbstractRequest request) {
        RequestHandler handler = dispatcher.handler(request.apiKey()).orElseThrow();
        Timer.Sample sample = Timer.start();
        CompletionStage<? extends ApiMessage> response = handler.handle(context, request.data());
        return response.whenComplete((r, e) -> sample.stop(metrics.requestTimer(request.apiKey())));
    }

    @Override
    public ApiMessage unsupportedApiVersionsResponse() {
        return apiVersions.response(Errors.UNSUPPORTED_VERSION);
    }
}
