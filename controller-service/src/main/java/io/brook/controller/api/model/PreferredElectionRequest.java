package io.brook.controller.api.model;

import io.brook.metadata.MetadataRecord.TopicPartitionRef;
import java.util.List;

/** @param partitions partitions to elect preferred leaders for; absent or empty for all */
public record PreferredElectionRequest(List<TopicPartitionRef> partitions) {}
