package io.brook.bench.load;

/**
 * What one consume run measured: records and value bytes of the timed pass and its duration, from the first poll
 * to the last record, plus the records of the untimed warm-up pass (they count for the broker's CPU per GiB).
 */
public record ConsumeResult(long records, long valueBytes, long elapsedNanos, long warmupRecords) {

    public double recordsPerSecond() {
        return records / (elapsedNanos / 1e9);
    }
}
