package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** Why one record was not written. */
@Schema(description = "The error of one record")
public record ProduceError(
        @Schema(description = "Kafka error name, e.g. NOT_ENOUGH_REPLICAS or REQUEST_TIMED_OUT")
        String code,

        String message) {}
