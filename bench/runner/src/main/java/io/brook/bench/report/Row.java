package io.brook.bench.report;

/** One line of the result table: what was measured and in which unit. */
public record Row(String name, Unit unit) {}
