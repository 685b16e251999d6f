package io.brook.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final Row RATE = new Row("produce", Unit.RECORDS_PER_SECOND);
    private static final Row P99 = new Row("e2e latency p99", Unit.MILLISECONDS);

    @Test
    void mediansOfOddAndEvenCounts() {
        ResultTable table = new ResultTable(List.of(RATE, P99), List.of("kafka", "brook"), 3);
        table.add(RATE, 0, 300);
        table.add(RATE, 0, 100);
        table.add(RATE, 0, 200);
        table.add(RATE, 1, 10);
        table.add(RATE, 1, 20);

        assertThat(table.median(RATE, 0)).hasValue(200);
        assertThat(table.median(RATE, 1)).hasValue(15);
        assertThat(table.median(P99, 0)).isEmpty();
    }

    @Test
    void rendersRatiosDirectionsAndMissingValues() {
        ResultTable table = new ResultTable(List.of(RATE, P99), List.of("kafka", "brook"), 1);
        table.add(RATE, 0, 110_000);
        table.add(RATE, 1, 99_000);
        table.add(P99, 0, 4.0);

        String text = table.render();

        assertThat(text).contains("brook/kafka");
        assertThat(text.lines().filter(l -> l.startsWith("produce")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("110,000", "99,000", "0.90", "higher"));
        assertThat(text.lines().filter(l -> l.startsWith("e2e latency p99")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("4.00", "failed", "n/a", "lower"));
    }

    @Test
    void captionComesFirst() {
        ResultTable table =
                new ResultTable(List.of("Topology rf3: ...", "Acks: ..."), List.of(RATE), List.of("kafka"), 1);
        table.add(RATE, 0, 100);

        assertThat(table.render().lines().limit(3))
                .containsExactly("Topology rf3: ...", "Acks: ...", "row     | unit      | kafka");
    }

    @Test
    void marksMediansOfFewerRoundsThanAsked() {
        ResultTable table = new ResultTable(List.of(RATE), List.of("kafka"), 3);
        table.add(RATE, 0, 100);

        assertThat(table.render()).contains("100 *").contains("fewer rounds");
    }
}
