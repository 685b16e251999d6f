package io.brook.broker.replica;

import io.brook.broker.partition.Partition;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import io.brook.storage.AppendResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Three simulated brokers, a controller and a lossy network, driven step by step from one seeded {@link Random}.
 * Each step moves the clock a little, delivers what is due, lets every broker do its round (metadata, fetches,
 * heartbeat, ISR check), and may produce or inject a fault: pause a broker (a long pause gets it fenced), restart one
 * (a new incarnation that registers again), or cut one off the network for a while. Producers append with acks=all
 * to a broker that believes it leads; a batch counts as acknowledged when its leader's high watermark passes it.
 */
final class SimCluster implements SimNetwork.Hosts, AutoCloseable {

    static final String TOPIC = "sim";
    /** How many recent events a failure shows. */
    private static final int TRACE_LINES = Integer.getInteger("brook.test.trace", 150);

    /** Timing and sizes of one run. */
    record Settings(
            int partitions,
            double dropRate,
            int maxDelayMs,
            long sessionTimeoutMs,
            long heartbeatIntervalMs,
            long lagMaxMs,
            long isrCheckIntervalMs,
            long requestTimeoutMs,
            long controllerTimeoutMs,
            long backoffMs,
            int fetchMaxBytesPerPartition,
            int fetchMaxBytes,
            double metadataCatchUpChance,
            double faultChance) {

        static Settings random(Random random) {
            return new Settings(
                    1 + random.nextInt(2),
                    random.nextDouble() * 0.2,
                    2 + random.nextInt(40),
                    300,
                    50,
                    200,
                    50,
                    150,
                    300,
                    100,
                    256 + random.nextInt(2048),
                    4096,
                    0.2 + random.nextDouble() * 0.6,
                    0.01 + random.nextDouble() * 0.05);
        }
    }

    /** A batch acknowledged to its producer: where its leader put it and what it holds. */
    record Acked(TopicPartition tp, long baseOffset, long lastOffset, long checksum, List<String> values, String by) {}

    private final long seed;
    private final Random random;
    private final Settings settings;
    private final SimNetwork network;
    private final SimController controller;
    private final List<SimBroker> brokers = new ArrayList<>();
    private final List<TopicPartition> topicPartitions = new ArrayList<>();
    private final Map<TopicPartition, TreeMap<Long, Acked>> acked = new HashMap<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private int step;
    private int produced;

    SimCluster(long seed, Path dataDir) {
        this.seed = seed;
        this.random = new Random(seed);
        this.settings = Settings.random(random);
        this.network = new SimNetwork(random, 1_700_000_000_000L, settings.dropRate(), settings.maxDelayMs());
        network.hosts(this);
        this.controller = new SimController("sim-" + seed, settings.sessionTimeoutMs(), this::trace);
        for (int id = 0; id < 3; id++) {
            brokers.add(new SimBroker(id, dataDir.resolve("broker-" + id), this));
        }
        bootstrap();
    }

    /** Brokers registered and unfenced, then the topic: RF 3, min.insync.replicas 2, small segments. */
    private void bootstrap() {
        for (SimBroker broker : brokers) {
            controller.register(new RegisterBroker(broker.id(), "broker-" + broker.id() + "-0", "sim", 9092, null));
        }
        for (SimBroker broker : brokers) {
            long epoch = controller.state().broker(broker.id()).orElseThrow().epoch();
            controller.append(new UnfenceBroker(broker.id(), epoch));
            controller.heartbeatAt(broker.id(), network.nowMs());
        }
        List<List<Integer>> assignments = new ArrayList<>();
        for (int p = 0; p < settings.partitions(); p++) {
            assignments.add(List.of(p % 3, (p + 1) % 3, (p + 2) % 3));
            TopicPartition tp = new TopicPartition(TOPIC, p);
            topicPartitions.add(tp);
            acked.put(tp, new TreeMap<>());
        }
        controller.append(new CreateTopic(
                TOPIC,
                new Uuid(seed, 1L).toString(),
                new TreeMap<>(Map.of("min.insync.replicas", "2", "segment.bytes", "4096", "retention.ms", "-1")),
                assignments));
        for (SimBroker broker : brokers) {
            broker.start(
                    controller.lastIndex(),
                    controller.state().broker(broker.id()).orElseThrow().epoch());
        }
    }

    long seed() {
        return seed;
    }

    int step() {
        return step;
    }

    Random random() {
        return random;
    }

    Settings settings() {
        return settings;
    }

    SimNetwork network() {
        return network;
    }

    SimController controller() {
        return controller;
    }

    List<SimBroker> brokers() {
        return brokers;
    }

    SimBroker broker(int id) {
        return brokers.get(id);
    }

    List<TopicPartition> topicPartitions() {
        return topicPartitions;
    }

    /** Acknowledged batches of {@code tp} by base offset. */
    TreeMap<Long, Acked> acked(TopicPartition tp) {
        return acked.get(tp);
    }

    /** Violations seen inside callbacks, where an exception would be swallowed. */
    List<String> violations() {
        return violations;
    }

    void trace(String event) {
        trace.addLast("[step " + step + " t=" + (network.nowMs() - 1_700_000_000_000L) + "] " + event);
        if (trace.size() > TRACE_LINES) {
            trace.removeFirst();
        }
    }

    String recentEvents() {
        return String.join("\n", trace);
    }

    /** One step of the run with faults. */
    void step(boolean faults) {
        step++;
        network.advance(1 + random.nextInt(20));
        brokers.forEach(b -> b.wake(!faults));
        network.runDue();
        controller.checkSessions(network.nowMs());
        for (SimBroker broker : brokers) {
            broker.tick(!faults);
        }
        if (faults) {
            injectFault();
            if (random.nextDouble() < 0.6) {
                produce();
            }
        }
    }

    /** From now on: no drops, no pauses, no isolation. */
    void heal() {
        network.heal();
        brokers.forEach(b -> b.wake(true));
        trace("the network heals");
    }

    /** A fault at a random broker, or (as often) at the current leader of a partition, where it hurts most. */
    private void injectFault() {
        double dice = random.nextDouble() / settings.faultChance();
        if (dice >= 1) {
            return;
        }
        SimBroker broker = random.nextBoolean()
                ? brokers.get(random.nextInt(brokers.size()))
                : controllerLeader(topicPartitions.get(random.nextInt(topicPartitions.size())))
                        .orElse(brokers.get(random.nextInt(brokers.size())));
        long now = network.nowMs();
        if (dice < 0.5) {
            if (!broker.isPaused()) {
                boolean longPause = random.nextBoolean();
                long duration = longPause
                        ? settings.sessionTimeoutMs() + random.nextInt(600)
                        : 10 + random.nextInt((int) settings.sessionTimeoutMs() / 2);
                broker.pause(now + duration);
                trace("broker " + broker.id() + " pauses for " + duration + " ms");
            }
        } else if (dice < 0.7) {
            broker.restart();
        } else if (!broker.isIsolated()) {
            long duration = 50 + random.nextInt(700);
            broker.isolate(now + duration);
            trace("broker " + broker.id() + " is cut off for " + duration + " ms");
        }
    }

    /** One acks=all batch to a broker that believes it leads the partition (it may be a stale leader). */
    private void produce() {
        TopicPartition tp = topicPartitions.get(random.nextInt(topicPartitions.size()));
        List<SimBroker> leaders = brokers.stream()
                .filter(b -> !b.isPaused() && !b.isIsolated() && b.led(tp).isPresent())
                .toList();
        if (leaders.isEmpty()) {
            return;
        }
        SimBroker broker = leaders.get(random.nextInt(leaders.size()));
        Partition partition = broker.led(tp).orElseThrow();
        int count = 1 + random.nextInt(3);
        List<String> values = new ArrayList<>();
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            String value = tp + "#" + produced++;
            values.add(value);
            records[i] = new SimpleRecord(network.nowMs(), value.getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, records);
        long checksum = batch.batches().iterator().next().checksum();
        String by = "broker " + broker.id() + " at epoch " + partition.leaderEpoch();
        AppendResult result;
        try {
            result = partition.appendAsLeader(batch, (short) -1);
        } catch (KafkaException e) {
            trace("produce " + values + " to " + by + ": " + e.getClass().getSimpleName());
            return;
        }
        trace("produce " + values + " to " + by + " at offsets " + result.firstOffset() + ".." + result.lastOffset());
        partition.awaitAcknowledgeable(result, (short) -1, 3_600_000L).whenComplete((ok, failure) -> {
            if (failure == null) {
                var batchAcked =
                        new Acked(tp, result.firstOffset(), result.lastOffset(), checksum, List.copyOf(values), by);
                Acked previous = acked.get(tp).put(result.firstOffset(), batchAcked);
                trace("acknowledged " + values + " by " + by + " at " + result.firstOffset());
                if (previous != null) {
                    violations.add("two batches acknowledged at offset " + result.firstOffset() + ": " + previous
                            + " and " + batchAcked);
                }
            }
        });
    }

    @Override
    public long incarnation(int id) {
        return id == SimNetwork.CONTROLLER ? 0 : brokers.get(id).incarnation();
    }

    @Override
    public boolean isPaused(int id) {
        return id != SimNetwork.CONTROLLER && brokers.get(id).isPaused();
    }

    @Override
    public boolean isIsolated(int id) {
        return id != SimNetwork.CONTROLLER && brokers.get(id).isIsolated();
    }

    Optional<SimBroker> controllerLeader(TopicPartition tp) {
        int leader = controller
                .state()
                .topic(tp.topic())
                .orElseThrow()
                .partitions()
                .get(tp.partition())
                .leader();
        return leader < 0 ? Optional.empty() : Optional.of(brokers.get(leader));
    }

    @Override
    public void close() {
        for (SimBroker broker : brokers) {
            try {
                broker.stop();
            } catch (RuntimeException e) {
                // the run already failed or finished; the temporary directory goes anyway
            }
        }
    }
}
