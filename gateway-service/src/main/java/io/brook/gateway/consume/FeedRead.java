package io.brook.gateway.consume;

import java.util.List;

/**
 * What a read of a {@link PartitionFeed} at an offset found: records (and the offset to read
 * next), nothing yet (the reader is at the end and should wait), or that the offset is older than
 * the feed holds (the reader catches up from the log).
 */
public sealed interface FeedRead {

    record Records(List<FeedRecord> records, long nextOffset) implements FeedRead {}

    record AtEnd(long end) implements FeedRead {}

    record BehindFeed(long feedStart) implements FeedRead {}
}
