package io.brook.cluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.testkit.BrokerProcess;
import io.brook.testkit.ControllerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover proof: three controllers and three brokers as separate processes. An idempotent acks=all producer
 * writes at a steady rate to a topic with replication factor 3 and {@code min.insync.replicas=2}, and a consumer
 * group reads it, while the test SIGKILLs the leader of a partition, then the active controller, restarts them, and
 * repeats. Afterwards every acknowledged record is in the log exactly once and in order per partition, and the group
 * kept consuming. Prints how long partitions had no leader after each broker kill.
 */
@Tag("slow")
class FailoverIT {

    private static final Logger log = LoggerFactory.getLogger(FailoverIT.class);
    private static final String TOPIC = "failover";
    private static final int PARTITIONS = 3;
    private static final int ROUNDS = Integer.getInteger("brook.failover.rounds", 3);
    private static final Pattern LEADER = Pattern.compile("\"leaderId\"\\s*:\\s*(\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Test
    void noAcknowledgedRecordIsLostWhileBrokersAndControllersAreKilled() throws Exception {
        List<ControllerProcess> controllers = new ArrayList<>();
        List<BrokerProcess> brokers = new ArrayList<>();
        try {
            for (int id = 1; id <= 3; id++) {
                controllers.add(new ControllerProcess(id, dir.resolve("controller-" + id)));
            }
            String voters =
                    controllers.stream().map(ControllerProcess::voterSpec).collect(Collectors.joining(","));
            String urls = controllers.stream().map(ControllerProcess::httpUrl).collect(Collectors.joining(","));
            for (ControllerProcess c : controllers) {
                c.voters(voters).start(Duration.ofSeconds(60));
            }
            for (int id = 1; id <= 3; id++) {
                brokers.add(new BrokerProcess(
                        dir.resolve("broker-" + id),
                        "--brook.broker.node-id=" + id,
                        "--brook.broker.cluster.controllers=" + urls));
            }
            for (BrokerProcess b : brokers) {
                b.start(Duration.ofSeconds(90));
            }
            String bootstrap =
                    brokers.stream().map(BrokerProcess::bootstrapServers).collect(Collectors.joining(","));
            run(bootstrap, controllers, brokers);
        } finally {
            brokers.forEach(BrokerProcess::close);
            controllers.forEach(ControllerProcess::close);
        }
    }

    private void run(String bootstrap, List<ControllerProcess> controllers, List<BrokerProcess> brokers)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(
                                new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                        .all()
                        .get();
                return true;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> allInSync(admin));

            var producer = new SteadyProducer(bootstrap);
            var group = new GroupReader(bootstrap);
            producer.start();
            group.start();
            List<Long> windowsMs = new ArrayList<>();
            List<Long> controllerFailoversMs = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> group.received.get() > 100);
                for (int round = 0; round < ROUNDS; round++) {
                    windowsMs.add(killLeaderBroker(admin, brokers));
                    await().atMost(Duration.ofSeconds(90)).until(() -> allInSync(admin));
                    controllerFailoversMs.add(killActiveController(controllers));
                    long seen = group.received.get();
                    await().atMost(Duration.ofSeconds(30)).until(() -> group.received.get() > seen + 50);
                }
            } finally {
                producer.stop();
                group.stop();
            }
            assertThat(producer.failures).as("sends that failed for good").isEmpty();
            verifyLog(bootstrap, producer);
            assertThat(group.maxGapMs.get())
                    .as("longest time the group went without records")
                    .isLessThan(30_000);
            log.info(
                    "FailoverIT: {} broker kills, leaderless window ms min {} median {} max {} {};"
                            + " controller failovers ms {}; {} records acknowledged; group read {}, longest gap {} ms",
                    windowsMs.size(),
                    Collections.min(windowsMs),
                    median(windowsMs),
                    Collections.max(windowsMs),
                    windowsMs,
                    controllerFailoversMs,
                    producer.acked.values().stream().mapToInt(List::size).sum(),
                    group.received.get(),
                    group.maxGapMs.get());
        }
    }

    /** SIGKILLs the leader of partition 0; returns how long some partition it led had no leader; restarts it. */
    private long killLeaderBroker(Admin admin, List<BrokerProcess> brokers) throws Exception {
        TopicDescription before = describe(admin);
        int victim = before.partitions().get(0).leader().id();
        Set<Integer> led = new HashSet<>();
        for (TopicPartitionInfo p : before.partitions()) {
            if (p.leader() != null && p.leader().id() == victim) {
                led.add(p.partition());
            }
        }
        long killedAt = System.nanoTime();
        brokers.get(victim - 1).kill();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptions()
                .until(() -> describe(admin).partitions().stream()
                        .filter(p -> led.contains(p.partition()))
                        .allMatch(p -> p.leader() != null
                                && !p.leader().isEmpty()
                                && p.leader().id() != victim));
        long windowMs = (System.nanoTime() - killedAt) / 1_000_000;
        brokers.get(victim - 1).start(Duration.ofSeconds(90));
        return windowMs;
    }

    /** SIGKILLs the Raft leader of the controllers; returns how long until another leads; restarts it. */
    private long killActiveController(List<ControllerProcess> controllers) throws Exception {
        int active = await().atMost(Duration.ofSeconds(30))
                .until(() -> quorumLeader(controllers, -1), Optional::isPresent)
                .orElseThrow();
        long killedAt = System.nanoTime();
        controllers.get(active - 1).kill();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> quorumLeader(controllers, active).filter(l -> l != active), Optional::isPresent);
        long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        controllers.get(active - 1).start(Duration.ofSeconds(60));
        return failoverMs;
    }

    private Optional<Integer> quorumLeader(List<ControllerProcess> controllers, int skip) {
        for (ControllerProcess c : controllers) {
            if (c.nodeId() == skip || !c.isAlive()) {
                continue;
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(c.httpUrl() + "/v1/quorum"))
                                .timeout(Duration.ofSeconds(1))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = LEADER.matcher(response.body());
                if (response.statusCode() == 200 && m.find()) {
                    return Optional.of(Integer.parseInt(m.group(1)));
                }
            } catch (Exception notNow) {
                // try the next controller
            }
        }
        return Optional.empty();
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    private static boolean allInSync(Admin admin) {
        try {
            return describe(admin).partitions().stream()
                    .allMatch(p -> p.isr().size() == 3
                            && p.leader() != null
                            && !p.leader().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    /** Every acknowledged value once, in acknowledgement order, and nothing twice, per partition. */
    private static void verifyLog(String bootstrap, SteadyProducer producer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<Integer, List<Long>> log = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    log.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(Long.parseLong(r.value()));
                }
            }
            for (int p = 0; p < PARTITIONS; p++) {
                List<Long> values = log.getOrDefault(p, List.of());
                List<Long> acked = producer.acked.getOrDefault(p, List.of());
                assertThat(new HashSet<>(values))
                        .as("no duplicates in partition %d", p)
                        .hasSameSizeAs(values);
                assertThat(values)
                        .as("every acknowledged record of partition %d", p)
                        .containsAll(acked);
                List<Long> ackedInLog =
                        values.stream().filter(new HashSet<>(acked)::contains).toList();
                assertThat(ackedInLog).as("order of partition %d", p).containsExactlyElementsOf(acked);
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Sends an increasing number to each partition in turn and records what is acknowledged. */
    private static final class SteadyProducer {
        final Map<Integer, List<Long>> acked = new ConcurrentHashMap<>();
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        private final KafkaProducer<String, String> producer;
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private long next;

        SteadyProducer(String bootstrap) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    300_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    10_000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class));
            for (int p = 0; p < PARTITIONS; p++) {
                acked.put(p, Collections.synchronizedList(new ArrayList<>()));
            }
        }

        /** One record to each partition every 10 ms, on a scheduler: about 300 records a second. */
        void start() {
            pacer.scheduleAtFixedRate(this::sendRound, 0, 10, TimeUnit.MILLISECONDS);
        }

        private void sendRound() {
            for (int i = 0; i < PARTITIONS; i++) {
                int partition = (int) (next % PARTITIONS);
                long value = next++;
                producer.send(new ProducerRecord<>(TOPIC, partition, null, Long.toString(value)), (metadata, e) -> {
                    if (e == null) {
                        acked.get(partition).add(value);
                    } else {
                        failures.add(e);
                    }
                });
            }
        }

        void stop() throws InterruptedException {
            pacer.shutdown();
            pacer.awaitTermination(10, TimeUnit.SECONDS);
            producer.flush();
            producer.close(Duration.ofSeconds(30));
        }
    }

    /** A consumer group member that keeps reading and committing; measures its longest gap without records. */
    private static final class GroupReader {
        final AtomicLong received = new AtomicLong();
        final AtomicLong maxGapMs = new AtomicLong();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        private final Properties props = new Properties();
        private final Thread thread = new Thread(this::run, "failover-group");
        private volatile boolean running = true;

        GroupReader(String bootstrap) {
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "failover-group");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try (var consumer = new KafkaConsumer<String, String>(props)) {
                consumer.subscribe(List.of(TOPIC));
                long last = System.nanoTime();
                while (running) {
                    int count = consumer.poll(Duration.ofMillis(200)).count();
                    long now = System.nanoTime();
                    if (count > 0) {
                        received.addAndGet(count);
                        last = now;
                    }
                    maxGapMs.accumulateAndGet((now - last) / 1_000_000, Math::max);
                }
            } catch (Throwable t) {
                error.set(t);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
            assertThat(error.get()).as("group consumer error").isNull();
        }
    }
}
