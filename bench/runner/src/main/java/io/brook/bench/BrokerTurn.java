package io.brook.bench;

import io.brook.bench.broker.BrokerUnderTest;
import io.brook.bench.broker.TopicAdmin;
import io.brook.bench.broker.Topology;
import io.brook.bench.load.ConsumeLoad;
import io.brook.bench.load.ConsumeResult;
import io.brook.bench.load.GroupConsumeLoad;
import io.brook.bench.load.GroupConsumeResult;
import io.brook.bench.load.LatencyLoad;
import io.brook.bench.load.LatencyResult;
import io.brook.bench.load.ProduceLoad;
import io.brook.bench.load.ProduceProfile;
import io.brook.bench.load.ProduceResult;
import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.CpuMeter;
import io.brook.bench.report.ResultTable;
import io.brook.bench.report.Row;
import io.brook.bench.report.Unit;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One broker's turn in a round: start it (one broker, or a cluster, as the {@link Topology} says) with empty data
 * directories, warm it up, run every measured phase in a fixed order, record the values in the {@link ResultTable},
 * stop it and delete its data.
 *
 * <p>Phases, as the {@link TurnPlan} of the topology picks them: an unmeasured warm-up produce (tuned batching) so
 * the broker's JIT has compiled its produce path; the produce runs, each to a fresh topic, the first tenth of each
 * left out of its rate as the producer's warm-up; a consume run that reads one produced topic untimed (the
 * consumer's warm-up) and then another, of default batching, timed; a group consume run that reads the same two
 * topics the same way with a consumer group of several members (classic protocol, {@code subscribe}); an end-to-end
 * latency run on a fresh topic. Broker CPU (every JVM of the side, controller included) is read from /proc before
 * and after each produce and consume run. A phase that fails is reported and leaves its rows without a value for this
 * turn; the turn goes on while every JVM of the side is alive. Used by one thread.
 */
final class BrokerTurn {

    static final int PARTITIONS = 3;
    static final int RECORD_SIZE = 1024;
    /** Consumers in the group of the group consume phase, one per partition. */
    static final int GROUP_MEMBERS = 3;

    private static final double MIB = 1024.0 * 1024;
    private static final double GIB = MIB * 1024;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    /** The producer's own warm-up: the first tenth of each produce run is left out of its rate. */
    private static final long PRODUCER_WARMUP_FRACTION = 10;
    /** Lowest rate a load run may take before it is killed as stuck: 5,000 records/s, plus a minute. */
    private static final long SLOWEST_RECORDS_PER_SECOND = 5_000;
    /** How long the high watermark may trail the producer's last acknowledged record after a produce run. */
    private static final Duration HIGH_WATERMARK_WAIT = Duration.ofSeconds(30);

    private static final Map<ProduceProfile, PhaseRows> PRODUCE_ROWS = new EnumMap<>(ProduceProfile.class);
    private static final PhaseRows CONSUME_ROWS = PhaseRows.of("consume");
    private static final PhaseRows GROUP_CONSUME_ROWS = PhaseRows.of("group consume");
    private static final Row LATENCY_P50 = new Row("e2e latency p50", Unit.MILLISECONDS);
    private static final Row LATENCY_P99 = new Row("e2e latency p99", Unit.MILLISECONDS);

    static {
        for (ProduceProfile profile : ProduceProfile.values()) {
            PRODUCE_ROWS.put(profile, PhaseRows.of(profile.label()));
        }
    }

    private final BenchOptions options;
    private final TurnPlan plan;
    private final CpuMeter cpu;
    private final ProduceLoad produce;
    private final ConsumeLoad consume;
    private final GroupConsumeLoad groupConsume;
    private final LatencyLoad latency;
    private final ResultTable table;
    private final PrintStream out;

    BrokerTurn(
            BenchOptions options,
            CpuMeter cpu,
            ProduceLoad produce,
            ConsumeLoad consume,
            GroupConsumeLoad groupConsume,
            LatencyLoad latency,
            ResultTable table,
            PrintStream out) {
        this.options = options;
        this.plan = TurnPlan.of(options.topology());
        this.cpu = cpu;
        this.produce = produce;
        this.consume = consume;
        this.groupConsume = groupConsume;
        this.latency = latency;
        this.table = table;
        this.out = out;
    }

    /** Every row a turn of {@code topology} can fill, in table order. */
    static List<Row> rows(Topology topology) {
        List<Row> rows = new ArrayList<>();
        TurnPlan.of(topology)
                .produce()
                .forEach(profile -> rows.addAll(PRODUCE_ROWS.get(profile).all()));
        rows.addAll(CONSUME_ROWS.all());
        rows.addAll(GROUP_CONSUME_ROWS.all());
        rows.add(LATENCY_P50);
        rows.add(LATENCY_P99);
        return rows;
    }

    /**
     * Runs the turn of {@code broker} (not yet started), filling column {@code side}, with client logs in
     * {@code logDir}. Returns the number of phases that failed.
     */
    int run(BrokerUnderTest broker, int side, String tag, Path logDir) {
        out.printf("%n[%s] starting %s%n", tag, broker.label());
        long started = System.nanoTime();
        try (broker) {
            broker.start();
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.awaitReady(
                        STARTUP_TIMEOUT, broker::isAlive, broker.topology().brokers());
                out.printf(
                        "  ready at %s in %.1f s (%s)%n",
                        broker.bootstrapServers(), (System.nanoTime() - started) / 1e9, processes(broker));
                Phases phases = new Phases(broker, admin, side, logDir);
                int failures = 0;
                failures += phases.guard("warm-up", phases::warmUp);
                for (ProduceProfile profile : plan.produce()) {
                    failures += phases.guard(profile.label(), () -> phases.produce(profile));
                }
                failures += phases.guard("consume", phases::consume);
                failures += phases.guard("group consume", phases::groupConsume);
                failures += phases.guard("e2e latency", phases::latency);
                return failures;
            }
        } catch (BenchException e) {
            out.printf("  FAILED: %s%n", e.getMessage());
            if (broker.hasStarted()) {
                out.printf("  broker log%s: %s%n", broker.pids().size() == 1 ? "" : "s", broker.logs());
            }
            return 1;
        }
    }

    /** The pid and log of one broker, or the pids and log directory of a cluster. */
    private static String processes(BrokerUnderTest broker) {
        List<Long> pids = broker.pids();
        if (pids.size() == 1) {
            return "pid " + pids.get(0) + ", log " + broker.logs();
        }
        return "pids " + pids.stream().map(String::valueOf).collect(Collectors.joining(" ")) + ", logs in "
                + broker.logs();
    }

    private static Duration loadTimeout(long records) {
        return Duration.ofSeconds(60 + records / SLOWEST_RECORDS_PER_SECOND);
    }

    /** The phases against one started broker. */
    private final class Phases {

        private final BrokerUnderTest broker;
        private final TopicAdmin admin;
        private final int side;
        private final Path logDir;

        Phases(BrokerUnderTest broker, TopicAdmin admin, int side, Path logDir) {
            this.broker = broker;
            this.admin = admin;
            this.side = side;
            this.logDir = logDir;
        }

        /** Runs one phase; returns 1 if it failed or could not run, else 0. */
        int guard(String name, Runnable phase) {
            Optional<ChildProcess> gone = broker.exited();
            if (gone.isPresent()) {
                out.printf(
                        "  %-34s skipped: %s has exited (see %s)%n",
                        name, gone.get().name(), gone.get().logFile());
                return 1;
            }
            try {
                phase.run();
                return 0;
            } catch (BenchException e) {
                out.printf("  %-34s FAILED: %s%n", name, e.getMessage());
                return 1;
            }
        }

        void warmUp() {
            if (options.warmupRecords() == 0) {
                return;
            }
            String topic = "warmup";
            admin.createTopic(topic, PARTITIONS, broker.topology());
            produce.run(
                    broker.bootstrapServers(),
                    topic,
                    plan.warmup(),
                    options.warmupRecords(),
                    0,
                    RECORD_SIZE,
                    loadTimeout(options.warmupRecords()),
                    logDir.resolve("warmup.log"));
            out.printf("  %-34s %,d records produced, not measured%n", "warm-up", options.warmupRecords());
        }

        void produce(ProduceProfile profile) {
            String topic = profile.topic();
            Path log = logDir.resolve(topic + ".log");
            admin.createTopic(topic, PARTITIONS, broker.topology());
            double cpuBefore = cpu.cpuSeconds(broker.pids());
            ProduceResult result = produce.run(
                    broker.bootstrapServers(),
                    topic,
                    profile,
                    options.records(),
                    options.records() / PRODUCER_WARMUP_FRACTION,
                    RECORD_SIZE,
                    loadTimeout(options.records()),
                    log);
            double cpuSeconds = cpu.cpuSeconds(broker.pids()) - cpuBefore;
            long stored = admin.awaitRecordCount(topic, PARTITIONS, result.records(), HIGH_WATERMARK_WAIT);
            if (result.records() != options.records() || stored != options.records()) {
                throw new BenchException("asked for " + options.records() + " records, the producer reported "
                        + result.records() + " and the topic holds " + stored + "; see " + log);
            }
            record(PRODUCE_ROWS.get(profile), result.recordsPerSecond(), cpuSeconds, stored);
        }

        void consume() {
            String topic = plan.consumeTopic().topic();
            String warmupTopic = plan.consumeWarmupTopic().topic();
            long records = admin.recordCount(topic, PARTITIONS);
            long warmupRecords = admin.recordCount(warmupTopic, PARTITIONS);
            if (records == 0) {
                throw new BenchException("topic " + topic + " is empty (its produce run failed), nothing to consume");
            }
            double cpuBefore = cpu.cpuSeconds(broker.pids());
            ConsumeResult result = consume.run(
                    broker.bootstrapServers(),
                    PARTITIONS,
                    topic,
                    records,
                    warmupTopic,
                    warmupRecords,
                    loadTimeout(Math.max(records, warmupRecords)),
                    logDir.resolve("consume.log"));
            double cpuSeconds = cpu.cpuSeconds(broker.pids()) - cpuBefore;
            // Both passes cost the broker CPU, so both count in its CPU per GiB.
            record(CONSUME_ROWS, result.recordsPerSecond(), cpuSeconds, result.records() + result.warmupRecords());
        }

        void groupConsume() {
            String topic = plan.consumeTopic().topic();
            String warmupTopic = plan.consumeWarmupTopic().topic();
            long records = admin.recordCount(topic, PARTITIONS);
            long warmupRecords = admin.recordCount(warmupTopic, PARTITIONS);
            if (records == 0) {
                throw new BenchException("topic " + topic + " is empty (its produce run failed), nothing to consume");
            }
            double cpuBefore = cpu.cpuSeconds(broker.pids());
            GroupConsumeResult result = groupConsume.run(
                    broker.bootstrapServers(),
                    PARTITIONS,
                    topic,
                    records,
                    warmupTopic,
                    warmupRecords,
                    loadTimeout(Math.max(records, warmupRecords)),
                    logDir.resolve("group-consume.log"));
            double cpuSeconds = cpu.cpuSeconds(broker.pids()) - cpuBefore;
            ConsumeResult consumed = result.consume();
            // Both passes cost the broker CPU, so both count in its CPU per GiB.
            record(
                    GROUP_CONSUME_ROWS,
                    consumed.recordsPerSecond(),
                    cpuSeconds,
                    consumed.records() + consumed.warmupRecords());
            if (result.duplicates() > 0) {
                out.printf("  %-34s %,d records read twice after a rebalance, not counted%n", "", result.duplicates());
            }
        }

        void latency() {
            String topic = "latency";
            admin.createTopic(topic, PARTITIONS, broker.topology());
            LatencyResult result = latency.run(
                    broker.bootstrapServers(),
                    topic,
                    PARTITIONS,
                    options.latencyWarmupRecords(),
                    options.latencyRecords(),
                    RECORD_SIZE,
                    options.latencyMaxDuration(),
                    plan.latencyAcks(),
                    logDir.resolve("latency.log"));
            table.add(LATENCY_P50, side, result.p50Millis());
            table.add(LATENCY_P99, side, result.p99Millis());
            out.printf(
                    "  %-34s p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d records%s%n",
                    "e2e latency",
                    result.p50Millis(),
                    result.p99Millis(),
                    result.maxNanos() / 1e6,
                    result.samples(),
                    result.samples() < options.latencyRecords() ? " (stopped at the time cap)" : "");
        }

        private void record(PhaseRows rows, double recordsPerSecond, double cpuSeconds, long records) {
            double mibPerSecond = recordsPerSecond * RECORD_SIZE / MIB;
            double cpuPerGib = cpuSeconds / (records * RECORD_SIZE / GIB);
            table.add(rows.recordsPerSecond(), side, recordsPerSecond);
            table.add(rows.mibPerSecond(), side, mibPerSecond);
            table.add(rows.cpuPerGib(), side, cpuPerGib);
            out.printf(
                    "  %-34s %,10.0f records/s %8.1f MiB/s %7.2f broker CPU s/GiB%n",
                    rows.recordsPerSecond().name(), recordsPerSecond, mibPerSecond, cpuPerGib);
        }
    }

    /** The three rows of a throughput phase. */
    private record PhaseRows(Row recordsPerSecond, Row mibPerSecond, Row cpuPerGib) {

        static PhaseRows of(String name) {
            return new PhaseRows(
                    new Row(name, Unit.RECORDS_PER_SECOND),
                    new Row(name, Unit.MIB_PER_SECOND),
                    new Row(name, Unit.CPU_SECONDS_PER_GIB));
        }

        List<Row> all() {
            return List.of(recordsPerSecond, mibPerSecond, cpuPerGib);
        }
    }
}
