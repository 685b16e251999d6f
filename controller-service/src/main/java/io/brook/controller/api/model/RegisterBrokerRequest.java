package io.brook.controller.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A broker process announcing itself.
 *
 * @param brokerId the broker's configured id
 * @param incarnationId random per process start; a retry with the same incarnation is the same registration
 * @param host Kafka listener host clients connect to
 * @param port Kafka listener port
 * @param rack rack id, or null
 */
public record RegisterBrokerRequest(
        @NotNull @Min(0) Integer brokerId,
        @NotBlank String incarnationId,
        @NotBlank String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @Schema(nullable = true) String rack) {}
