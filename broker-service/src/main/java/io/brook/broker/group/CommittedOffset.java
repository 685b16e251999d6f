package io.brook.broker.group;

/**
 * One committed offset of a group for one partition, as stored in an offset-commit record's value.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch leader epoch of the last consumed record, -1 if unknown
 * @param metadata the client's free-form string, never null (Kafka answers "" for none)
 * @param commitTimestampMs coordinator time of the commit
 * @param expireTimestampMs explicit expiry asked by OffsetCommit v2-4 ({@code retention_time}), -1 for none
 */
public record CommittedOffset(
        long offset, int leaderEpoch, String metadata, long commitTimestampMs, long expireTimestampMs) {

    public CommittedOffset {
        metadata = metadata == null ? "" : metadata;
    }
}
