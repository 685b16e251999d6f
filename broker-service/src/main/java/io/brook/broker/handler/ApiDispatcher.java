package io.brook.broker.handler;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Maps each API key to its handler and knows which versions the broker serves; the ApiVersions response is built
 * from the same table, so what is advertised is exactly what is dispatched. Immutable after construction.
 */
public final class ApiDispatcher {

    private final Map<ApiKeys, RequestHandler<?>> handlers = new EnumMap<>(ApiKeys.class);

    public ApiDispatcher(Collection<? extends RequestHandler<?>> handlers) {
        for (RequestHandler<?> handler : handlers) {
            if (this.handlers.put(handler.apiKey(), handler) != null) {
                throw new IllegalArgumentException("two handlers for " + handler.apiKey());
            }
        }
    }

    public Optional<RequestHandler<?>> handler(ApiKeys apiKey) {
        return Optional.ofNullable(handlers.get(apiKey));
    }

    public boolean supports(ApiKeys apiKey, short version) {
        RequestHandler<?> handler = handlers.get(apiKey);
        return handler != null && version >= apiKey.oldestVersion() && version <= handler.latestVersion();
    }

    /** The version ranges advertised in ApiVersions responses, in API key order. */
    public List<ApiVersion> apiVersions() {
        return handlers.values().stream()
                .map(h -> new ApiVersion()
                        .setApiKey(h.apiKey().id)
                        .setMinVersion(h.apiKey().oldestVersion())
                        .setMaxVersion(h.latestVersion()))
                .toList();
    }
}
