package io.brook.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Collects one value per row, broker side and round, and renders the medians side by side with the ratio of the
 * second side to the first (the candidate to the baseline, e.g. brook/kafka), under a caption that says what was
 * compared (topology, acks, flush policy). Rows keep the order given. Used by one thread.
 */
public final class ResultTable {

    private static final String SEPARATOR = " | ";

    private final List<String> caption;
    private final List<String> sides;
    private final int rounds;
    private final Map<Row, List<List<Double>>> samples = new LinkedHashMap<>();

    public ResultTable(List<Row> rows, List<String> sides, int rounds) {
        this(List.of(), rows, sides, rounds);
    }

    /** A table whose text starts with the {@code caption} lines. */
    public ResultTable(List<String> caption, List<Row> rows, List<String> sides, int rounds) {
        if (sides.isEmpty() || sides.size() > 2) {
            throw new IllegalArgumentException("one or two broker sides, not " + sides);
        }
        this.caption = List.copyOf(caption);
        this.sides = List.copyOf(sides);
        this.rounds = rounds;
        for (Row row : rows) {
            List<List<Double>> perSide = new ArrayList<>();
            sides.forEach(side -> perSide.add(new ArrayList<>()));
            samples.put(row, perSide);
        }
    }

    public void add(Row row, int side, double value) {
        List<List<Double>> perSide = samples.get(row);
        if (perSide == null) {
            throw new IllegalArgumentException("unknown row " + row);
        }
        perSide.get(side).add(value);
    }

    /** The median of the values recorded for {@code row} on {@code side}; empty if there are none. */
    public OptionalDouble median(Row row, int side) {
        double[] values = samples.get(row).get(side).stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        Arrays.sort(values);
        int mid = values.length / 2;
        return OptionalDouble.of(values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
    }

    /** The table as text: the caption, then one row per line, with a header and a legend. */
    public String render() {
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("row", "unit"));
        header.addAll(sides);
        if (sides.size() == 2) {
            header.add(sides.get(1) + "/" + sides.get(0));
            header.add("better");
        }
        lines.add(header.toArray(String[]::new));
        boolean partial = false;
        for (Row row : samples.keySet()) {
            List<String> cells = new ArrayList<>(List.of(row.name(), row.unit().label()));
            for (int side = 0; side < sides.size(); side++) {
                OptionalDouble median = median(row, side);
                boolean fewer = samples.get(row).get(side).size() < rounds;
                partial |= fewer && median.isPresent();
                cells.add(
                        median.isPresent() ? row.unit().format(median.getAsDouble()) + (fewer ? " *" : "") : "failed");
            }
            if (sides.size() == 2) {
                cells.add(ratio(median(row, 0), median(row, 1)));
                cells.add(row.unit().higherIsBetter() ? "higher" : "lower");
            }
            lines.add(cells.toArray(String[]::new));
        }
        StringBuilder out = new StringBuilder();
        caption.forEach(line -> out.append(line).append('\n'));
        int[] widths = widths(lines);
        for (int i = 0; i < lines.size(); i++) {
            out.append(format(lines.get(i), widths)).append('\n');
            if (i == 0) {
                out.append(rule(widths)).append('\n');
            }
        }
        out.append("Medians over ")
                .append(rounds)
                .append(rounds == 1 ? " round" : " rounds")
                .append('.');
        if (sides.size() == 2) {
            out.append(" Ratio = ")
                    .append(sides.get(1))
                    .append(" / ")
                    .append(sides.get(0))
                    .append(" of the medians; 'better' says which direction is good for ")
                    .append(sides.get(1))
                    .append('.');
        }
        out.append('\n');
        if (partial) {
            out.append("* median of fewer rounds than asked: some runs failed (see the log above).\n");
        }
        return out.toString();
    }

    private static String ratio(OptionalDouble baseline, OptionalDouble candidate) {
        if (baseline.isEmpty() || candidate.isEmpty() || baseline.getAsDouble() == 0) {
            return "n/a";
        }
        return String.format("%.2f", candidate.getAsDouble() / baseline.getAsDouble());
    }

    private static int[] widths(List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        return widths;
    }

    /** Text columns (row, unit, better) left-aligned, number columns right-aligned. */
    private String format(String[] cells, int[] widths) {
        int betterColumn = sides.size() == 2 ? cells.length - 1 : -1;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(SEPARATOR);
            }
            boolean text = i < 2 || i == betterColumn;
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(text ? cells[i] + pad : pad + cells[i]);
        }
        return line.toString().stripTrailing();
    }

    private static String rule(int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                line.append("-+-");
            }
            line.append("-".repeat(widths[i]));
        }
        return line.toString();
    }
}
