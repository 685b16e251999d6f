package io.brook.controller.api.model;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * @param name topic name (Kafka's rules: up to 249 of [a-zA-Z0-9._-], not "." or "..")
 * @param partitions partition count; absent or -1 for the default
 * @param replicationFactor replicas per partition; absent or -1 for the default
 * @param configs topic config overrides
 * @param validateOnly check and compute the topic without creating it
 */
public record CreateTopicRequest(
        @NotBlank String name,
        Integer partitions,
        Integer replicationFactor,
        Map<String, String> configs,
        Boolean validateOnly) {

    public CreateTopicRequest {
        validateOnly = Boolean.TRUE.equals(validateOnly);
    }
}
