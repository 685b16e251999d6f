package io.brook.gateway.api.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A topic with its partitions. Its configs are at {@code /v1/topics/{topic}/configs}. */
@Schema(description = "A topic: its partitions, their replicas and offsets")
public record TopicDetails(
        String name,

        @Schema(description = "The topic's id, a base64 UUID")
        String topicId,

        boolean internal,
        List<PartitionDetails> partitions) {}
