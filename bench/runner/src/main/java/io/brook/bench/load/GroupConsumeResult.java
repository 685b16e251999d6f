package io.brook.bench.load;

/**
 * What one group consume run measured: the same figures as a single consumer's run, plus the records some member
 * read again after its partition moved (not counted in the rate).
 */
public record GroupConsumeResult(ConsumeResult consume, long duplicates) {}
