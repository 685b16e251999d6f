package io.brook.bench.load;

/**
 * What one produce run reported: the records acknowledged over the whole run and the rate, in steady state when the
 * run had warm-up records.
 */
public record ProduceResult(long records, double recordsPerSecond) {}
