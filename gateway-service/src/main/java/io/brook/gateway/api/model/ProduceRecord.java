package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One record to write. Key and value are read in the request's key and value formats. */
@Schema(description = "A record to produce")
public record ProduceRecord(
        @Schema(
                description = "Record key; a string by default (see keyFormat); null or absent for no key",
                nullable = true)
        JsonNode key,

        @Schema(
                description = "Record value; any JSON by default (see valueFormat); null is a tombstone",
                nullable = true)
        JsonNode value,

        @Schema(description = "Headers, each value written as UTF-8")
        Map<String, String> headers,

        @Schema(description = "Target partition; by default the key's partition, or spread when there is no key")
        Integer partition,

        @Schema(description = "Record timestamp in epoch milliseconds; by default the time of sending")
        Long timestamp) {}
