package io.brook.bench.report;

/** The unit of a result row, how it is printed, and which way is better. */
public enum Unit {
    RECORDS_PER_SECOND("records/s", "%,.0f", true),
    MIB_PER_SECOND("MiB/s", "%,.1f", true),
    CPU_SECONDS_PER_GIB("CPU s/GiB", "%.2f", false),
    MILLISECONDS("ms", "%.2f", false),
    DELIVERIES_PER_SECOND("deliveries/s", "%,.0f", true),
    COUNT("count", "%,.0f", false),
    CORES("CPU cores", "%.2f", false);

    private final String label;
    private final String format;
    private final boolean higherIsBetter;

    Unit(String label, String format, boolean higherIsBetter) {
        this.label = label;
        this.format = format;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() {
        return label;
    }

    public String format(double value) {
        return String.format(format, value);
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
