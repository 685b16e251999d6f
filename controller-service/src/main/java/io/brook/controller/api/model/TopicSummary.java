package io.brook.controller.api.model;

/** A topic in a listing: its id, partition count and replication factor. */
public record TopicSummary(String name, String id, int partitions, int replicationFactor) {}
