package io.brook.controller.api.model;

import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * @param configs the topic's complete set of overrides; names left out return to the broker default
 * @param validateOnly check without changing the topic
 */
public record TopicConfigsRequest(@NotNull Map<String, String> configs, Boolean validateOnly) {

    public TopicConfigsRequest {
        validateOnly = Boolean.TRUE.equals(validateOnly);
    }
}
