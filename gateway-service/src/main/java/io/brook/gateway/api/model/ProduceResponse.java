package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One outcome per record of a produce request, in request order. */
@Schema(description = "Outcome of a produce request")
public record ProduceResponse(List<RecordOffset> offsets) {}
