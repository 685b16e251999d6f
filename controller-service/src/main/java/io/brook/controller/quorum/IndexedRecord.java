package io.brook.controller.quorum;

import io.brook.metadata.MetadataRecord;

/** A committed metadata record and its Raft index. */
public record IndexedRecord(long index, MetadataRecord record) {}
