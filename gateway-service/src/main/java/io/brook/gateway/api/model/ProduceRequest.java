package io.brook.gateway.api.model;

import io.brook.gateway.codec.RecordFormat;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A batch of records for one topic. */
@Schema(description = "Records to produce to one topic")
public record ProduceRequest(
        @Schema(description = "How keys are given: string (default), json or base64")
        RecordFormat keyFormat,

        @Schema(description = "How values are given: json (default), string or base64")
        RecordFormat valueFormat,

        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ProduceRecord> records) {}
