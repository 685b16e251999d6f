package io.brook.bench.gateway;

import io.brook.bench.report.ResultTable;
import io.brook.bench.report.Row;
import io.brook.bench.report.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The gateway bench's results: one {@link ResultTable} column of medians over the rounds, the HTTP/native ratio and
 * the two targets of the product issue (HTTP produce at least half the native client's rate; p99 fan-out latency
 * under 100 ms with 10,000 subscribers on one gateway). Each {@code add*} method also returns the one-line summary
 * printed as the run goes. Used by one thread.
 */
final class GatewayReport {

    static final double PRODUCE_TARGET = 0.50;
    static final int FANOUT_TARGET_SUBSCRIBERS = 10_000;
    static final long FANOUT_TARGET_P99_MS = 100;
    private static final double MIB = 1024.0 * 1024.0;

    private static final Row NATIVE_RATE = new Row("produce, native Java client", Unit.RECORDS_PER_SECOND);
    private static final Row NATIVE_MIB = new Row("produce, native Java client", Unit.MIB_PER_SECOND);
    private static final Row HTTP_RATE = new Row("produce, HTTP batched", Unit.RECORDS_PER_SECOND);
    private static final Row HTTP_MIB = new Row("produce, HTTP batched", Unit.MIB_PER_SECOND);
    private static final Row HTTP_GATEWAY_CPU = new Row("produce, HTTP batched: gateway CPU", Unit.CORES);
    private static final Row HTTP_CLIENT_CPU = new Row("produce, HTTP batched: client CPU", Unit.CORES);

    private final boolean produce;
    private final List<Integer> subscribers;
    private final ResultTable table;

    /**
     * @param produce whether the produce rows are measured
     * @param subscribers the fan-out rows measured (none: no fan-out)
     */
    GatewayReport(boolean produce, List<Integer> subscribers, int rounds) {
        this.produce = produce;
        this.subscribers = List.copyOf(subscribers);
        List<Row> rows = new ArrayList<>();
        if (produce) {
            rows.addAll(List.of(NATIVE_RATE, NATIVE_MIB, HTTP_RATE, HTTP_MIB, HTTP_GATEWAY_CPU, HTTP_CLIENT_CPU));
        }
        for (int n : subscribers) {
            rows.addAll(fanoutRows(n));
        }
        this.table = new ResultTable(rows, List.of("gateway"), rounds);
    }

    String addNative(Map<String, Long> result) {
        double seconds = result.get("elapsedNanos") / 1e9;
        double rate = result.get("records") / seconds;
        double mib = result.get("valueBytes") / MIB / seconds;
        table.add(NATIVE_RATE, 0, rate);
        table.add(NATIVE_MIB, 0, mib);
        return String.format(
                "produce, native Java client: %,.0f records/s, %.1f MiB/s of values, %d failed; CPU cores: client %.2f,"
                        + " broker %.2f",
                rate,
                mib,
                result.get("failed"),
                cores(result, "clientCpuMillis", seconds),
                cores(result, "brokerCpuMillis", seconds));
    }

    String addHttp(Map<String, Long> result) {
        double seconds = result.get("elapsedNanos") / 1e9;
        double rate = result.get("records") / seconds;
        double mib = result.get("valueBytes") / MIB / seconds;
        table.add(HTTP_RATE, 0, rate);
        table.add(HTTP_MIB, 0, mib);
        table.add(HTTP_GATEWAY_CPU, 0, cores(result, "gatewayCpuMillis", seconds));
        table.add(HTTP_CLIENT_CPU, 0, cores(result, "clientCpuMillis", seconds));
        return String.format(
                "produce, HTTP batched: %,.0f records/s, %.1f MiB/s of values, %,d requests, %d failed; CPU cores:"
                        + " client %.2f, gateway %.2f, broker %.2f",
                rate,
                mib,
                result.get("requests"),
                result.get("failed"),
                cores(result, "clientCpuMillis", seconds),
                cores(result, "gatewayCpuMillis", seconds),
                cores(result, "brokerCpuMillis", seconds));
    }

    String addFanout(int n, Map<String, Long> result) {
        List<Row> rows = fanoutRows(n);
        long expected = result.get("expected");
        long received = result.get("received");
        double span = result.get("deliverySpanMillis") / 1000.0;
        double window = result.get("windowMillis") / 1000.0;
        table.add(rows.get(0), 0, received / span);
        table.add(rows.get(1), 0, result.get("p50Ms"));
        table.add(rows.get(2), 0, result.get("p99Ms"));
        table.add(rows.get(3), 0, result.get("maxMs"));
        table.add(rows.get(4), 0, expected - received);
        table.add(rows.get(5), 0, cores(result, "gatewayCpuMillis", window));
        table.add(rows.get(6), 0, cores(result, "clientCpuMillis", window));
        return String.format(
                "fan-out %,d subscribers (%,d open after %.1f s): %,d records sent, deliveries %,d expected, %,d"
                        + " received, %,d missing (%d subscribers short, %d streams closed); %,.0f deliveries/s;"
                        + " latency p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms; CPU cores: client %.2f, gateway %.2f,"
                        + " broker %.2f",
                n,
                result.get("opened"),
                result.get("openMillis") / 1000.0,
                result.get("sent"),
                expected,
                received,
                expected - received,
                result.get("shortSubscribers"),
                result.get("closedStreams"),
                received / span,
                result.get("p50Ms"),
                result.get("p99Ms"),
                result.get("p999Ms"),
                result.get("maxMs"),
                cores(result, "clientCpuMillis", window),
                cores(result, "gatewayCpuMillis", window),
                cores(result, "brokerCpuMillis", window));
    }

    /** The table, then the ratio and the targets, from the medians. */
    String render() {
        StringBuilder out = new StringBuilder(table.render());
        OptionalDouble nativeRate = table.median(NATIVE_RATE, 0);
        OptionalDouble httpRate = table.median(HTTP_RATE, 0);
        if (!produce) {
            // Not measured in this run (--only fanout).
        } else if (nativeRate.isPresent() && httpRate.isPresent() && nativeRate.getAsDouble() > 0) {
            double ratio = httpRate.getAsDouble() / nativeRate.getAsDouble();
            out.append(String.format(
                    "HTTP/native = %.2f (target >= %.2f): %s%n",
                    ratio, PRODUCE_TARGET, ratio >= PRODUCE_TARGET ? "met" : "not met"));
        } else {
            out.append("HTTP/native = n/a (a produce row failed)\n");
        }
        for (int n : subscribers) {
            List<Row> rows = fanoutRows(n);
            OptionalDouble p99 = table.median(rows.get(2), 0);
            OptionalDouble missing = table.median(rows.get(4), 0);
            if (p99.isEmpty()) {
                out.append(String.format("fan-out %,d: failed%n", n));
                continue;
            }
            boolean met = p99.getAsDouble() < FANOUT_TARGET_P99_MS && missing.orElse(1) == 0;
            out.append(String.format(
                    "fan-out %,d: p99 %.0f ms, %,.0f deliveries missing; p99 < %d ms target%s: %s%n",
                    n,
                    p99.getAsDouble(),
                    missing.orElse(Double.NaN),
                    FANOUT_TARGET_P99_MS,
                    n >= FANOUT_TARGET_SUBSCRIBERS ? "" : " (set for 10,000 subscribers)",
                    met ? "met" : "not met"));
        }
        return out.toString();
    }

    private static List<Row> fanoutRows(int n) {
        String name = String.format("fan-out %,d SSE", n);
        return List.of(
                new Row(name + ": delivered", Unit.DELIVERIES_PER_SECOND),
                new Row(name + ": latency p50", Unit.MILLISECONDS),
                new Row(name + ": latency p99", Unit.MILLISECONDS),
                new Row(name + ": latency max", Unit.MILLISECONDS),
                new Row(name + ": missing deliveries", Unit.COUNT),
                new Row(name + ": gateway CPU", Unit.CORES),
                new Row(name + ": client CPU", Unit.CORES));
    }

    private static double cores(Map<String, Long> result, String key, double seconds) {
        return result.getOrDefault(key, 0L) / 1000.0 / seconds;
    }

    static Path resultsFile(Path workDir) {
        return workDir.resolve("results.txt");
    }
}
