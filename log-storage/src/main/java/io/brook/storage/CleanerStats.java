package io.brook.storage;

import org.apache.kafka.common.TopicPartition;

/**
 * What one cleaning pass did to one log, for the log line and for tests.
 *
 * @param topicPartition the log cleaned
 * @param firstDirtyOffset where the dirty section started before the pass
 * @param cleanedUpTo the first dirty offset after the pass (the new cleaner checkpoint)
 * @param dirtyRatio the dirty share of the cleanable bytes that made the log the filthiest
 * @param segmentsRewritten old segments replaced
 * @param segmentsWritten cleaned segments that replaced them
 * @param bytesRead bytes of the old segments
 * @param bytesWritten bytes of the cleaned segments
 * @param recordsRead records read from the old segments
 * @param recordsRetained records written to the cleaned segments
 * @param mapEntries distinct keys in the offset map
 */
public record CleanerStats(
        TopicPartition topicPartition,
        long firstDirtyOffset,
        long cleanedUpTo,
        double dirtyRatio,
        int segmentsRewritten,
        int segmentsWritten,
        long bytesRead,
        long bytesWritten,
        long recordsRead,
        long recordsRetained,
        int mapEntries) {}
