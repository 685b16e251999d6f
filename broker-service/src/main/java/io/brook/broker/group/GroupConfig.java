package io.brook.broker.group;

/**
 * The group coordinator's validated configuration. Names follow Kafka's broker settings.
 *
 * @param offsetsTopicPartitions partitions of {@code __consumer_offsets} when this broker creates it
 *     ({@code offsets.topic.num.partitions})
 * @param initialRebalanceDelayMs how long the first rebalance of an empty group waits for more members
 *     ({@code group.initial.rebalance.delay.ms})
 * @param offsetsRetentionMs how long committed offsets of an empty group (or of standalone consumers) are kept
 *     ({@code offsets.retention.minutes})
 * @param offsetsRetentionCheckIntervalMs how often expired offsets are looked for
 *     ({@code offsets.retention.check.interval.ms})
 * @param minSessionTimeoutMs smallest session timeout a member may ask for ({@code group.min.session.timeout.ms})
 * @param maxSessionTimeoutMs largest session timeout a member may ask for ({@code group.max.session.timeout.ms})
 * @param maxGroupSize most members one group may have ({@code group.max.size})
 * @param offsetMetadataMaxBytes largest metadata string of one commit ({@code offset.metadata.max.bytes})
 */
public record GroupConfig(
        int offsetsTopicPartitions,
        long initialRebalanceDelayMs,
        long offsetsRetentionMs,
        long offsetsRetentionCheckIntervalMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxGroupSize,
        int offsetMetadataMaxBytes) {

    /** The offsets topic's name, as Kafka's clients and tools expect it. */
    public static final String OFFSETS_TOPIC = "__consumer_offsets";

    public GroupConfig {
        if (offsetsTopicPartitions < 1
                || initialRebalanceDelayMs < 0
                || offsetsRetentionMs < 1
                || offsetsRetentionCheckIntervalMs < 1
                || minSessionTimeoutMs < 0
                || maxSessionTimeoutMs < minSessionTimeoutMs
                || maxGroupSize < 1
                || offsetMetadataMaxBytes < 0) {
            throw new IllegalArgumentException("invalid group config: " + offsetsTopicPartitions + " partitions, "
                    + "initial delay " + initialRebalanceDelayMs + " ms, retention " + offsetsRetentionMs
                    + " ms every " + offsetsRetentionCheckIntervalMs + " ms, session timeouts [" + minSessionTimeoutMs
                    + ", " + maxSessionTimeoutMs + "], max size " + maxGroupSize + ", metadata max "
                    + offsetMetadataMaxBytes);
        }
    }

    /** Kafka's defaults, with the given topic partitions, initial delay and retention. */
    public static GroupConfig of(int offsetsTopicPartitions, long initialRebalanceDelayMs, long offsetsRetentionMs) {
        return new GroupConfig(
                offsetsTopicPartitions,
                initialRebalanceDelayMs,
                offsetsRetentionMs,
                10 * 60 * 1000L,
                6000,
                1_800_000,
                Integer.MAX_VALUE,
                4096);
    }

    public GroupConfig withSessionTimeouts(int minMs, int maxMs) {
        return new GroupConfig(
                offsetsTopicPartitions,
                initialRebalanceDelayMs,
                offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs,
                minMs,
                maxMs,
                maxGroupSize,
                offsetMetadataMaxBytes);
    }

    public GroupConfig withMaxGroupSize(int maxSize) {
        return new GroupConfig(
                offsetsTopicPartitions,
                initialRebalanceDelayMs,
                offsetsRetentionMs,
                offsetsRetentionCheckIntervalMs,
                minSessionTimeoutMs,
                maxSessionTimeoutMs,
                maxSize,
                offsetMetadataMaxBytes);
    }
}
