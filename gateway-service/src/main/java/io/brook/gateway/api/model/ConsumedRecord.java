package io.brook.gateway.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.brook.gateway.codec.RecordFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A record read from a partition. {@code keyFormat}/{@code valueFormat} appear only when the
 * bytes could not be shown in the requested format (not JSON, not UTF-8) and were sent as base64.
 */
@Schema(description = "A record read from a partition")
public record ConsumedRecord(
        String topic,
        int partition,
        long offset,
        long timestamp,

        @Schema(allowableValues = {"CreateTime", "LogAppendTime", "NoTimestampType"})
        String timestampType,

        @Schema(nullable = true) JsonNode key,
        @Schema(nullable = true) JsonNode value,
        Map<String, String> headers,
        @JsonInclude(JsonInclude.Include.NON_NULL) RecordFormat keyFormat,
        @JsonInclude(JsonInclude.Include.NON_NULL) RecordFormat valueFormat) {}
