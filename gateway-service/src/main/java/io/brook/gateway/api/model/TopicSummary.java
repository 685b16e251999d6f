package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;

/** One topic of a listing. */
@Schema(description = "A topic of the cluster")
public record TopicSummary(
        String name,
        @Schema(description = "Number of partitions") int partitions,

        @Schema(description = "Whether the topic is internal to the cluster, e.g. __consumer_offsets")
        boolean internal) {}
