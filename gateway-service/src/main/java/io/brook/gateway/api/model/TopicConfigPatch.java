package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** Changes to a topic's configs, applied at once (incrementally: configs not named keep their value). */
@Schema(description = "Configs to set and configs to reset to their default")
public record TopicConfigPatch(
        @Schema(description = "Configs to set, e.g. {\"retention.ms\": \"1000\"}")
        Map<String, String> set,

        @Schema(description = "Configs to reset to their default, e.g. [\"cleanup.policy\"]")
        List<String> delete) {}
