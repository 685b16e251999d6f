package io.brook.storage;

/**
 * The published end of a partition log: the offset the next append gets, and where the valid bytes of the segment
 * holding the last batch end. Replaced (never mutated) after each append, so readers bound themselves by it.
 */
record LogEnd(long offset, long segmentBaseOffset, int position) {}
