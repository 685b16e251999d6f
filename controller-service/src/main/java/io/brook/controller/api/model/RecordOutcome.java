package io.brook.controller.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What applying a submitted record did.
 *
 * @param error {@code NONE}, or the Kafka error name of why the record was a no-op
 * @param message the explanation, or null
 * @param index the record's metadata index
 */
public record RecordOutcome(
        String error, @Schema(nullable = true) String message, long index) {}
