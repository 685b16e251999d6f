package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** An offset of one partition. */
@Schema(description = "An offset of one partition of a topic")
public record PartitionOffset(String topic, int partition, long offset) {}
