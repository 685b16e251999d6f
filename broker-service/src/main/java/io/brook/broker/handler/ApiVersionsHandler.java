package io.brook.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * ApiVersions: tells the client which APIs and versions this broker serves, from the dispatcher's own table.
 * Stateless; runs on any thread.
 */
public final class ApiVersionsHandler implements RequestHandler<ApiVersionsRequestData> {

    private final Supplier<List<ApiVersion>> supported;

    public ApiVersionsHandler(Supplier<List<ApiVersion>> supported) {
        this.supported = supported;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletionStage<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        return CompletableFuture.completedFuture(response(Errors.NONE));
    }

    /** The body sent for any ApiVersions request, also (at version 0) for versions this broker does not know. */
    public ApiVersionsResponseData response(Errors error) {
        var keys = new ApiVersionCollection();
        for (ApiVersion version : supported.get()) {
            keys.add(version.duplicate());
        }
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(keys);
    }
}
