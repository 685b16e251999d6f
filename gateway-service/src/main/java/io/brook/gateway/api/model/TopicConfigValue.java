package io.brook.gateway.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The value of one topic config and where it comes from. */
@Schema(description = "A topic config's value and origin")
public record TopicConfigValue(
        @Schema(description = "The value; null when sensitive or unset", nullable = true)
        String value,

        @Schema(
                description = "Where the value comes from",
                example = "DYNAMIC_TOPIC_CONFIG",
                allowableValues = {
                    "DYNAMIC_TOPIC_CONFIG",
                    "DYNAMIC_BROKER_LOGGER_CONFIG",
                    "DYNAMIC_BROKER_CONFIG",
                    "DYNAMIC_DEFAULT_BROKER_CONFIG",
                    "DYNAMIC_CLIENT_METRICS_CONFIG",
                    "DYNAMIC_GROUP_CONFIG",
                    "STATIC_BROKER_CONFIG",
                    "DEFAULT_CONFIG",
                    "UNKNOWN"
                })
        String source,

        @JsonProperty("default") @Schema(description = "Whether the value is the default")
        boolean isDefault,

        @Schema(description = "Whether the value cannot be changed")
        boolean readOnly,

        @Schema(description = "Whether the value is a secret (and not shown)")
        boolean sensitive) {}
