package io.brook.bench.broker;

import io.brook.bench.BenchException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The runner's Admin client for one broker or cluster: waits until it answers, creates the benchmark topics and
 * reads their latest offsets. Every call has a timeout. Used by one thread.
 */
public final class TopicAdmin implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_ATTEMPT = Duration.ofSeconds(2);
    private static final Duration LEADER_POLL_PAUSE = Duration.ofMillis(100);

    private final Admin admin;
    private final String bootstrapServers;

    public TopicAdmin(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CALL_TIMEOUT.toMillis()));
        this.admin = Admin.create(props);
    }

    /**
     * Waits until the broker answers a DescribeCluster (or the Metadata request the client falls back to), giving up
     * after {@code timeout} or as soon as {@code alive} turns false.
     */
    public void awaitReady(Duration timeout, BooleanSupplier alive) {
        awaitReady(timeout, alive, 1);
    }

    /**
     * Waits until the cluster answers a DescribeCluster (or the Metadata request the client falls back to) with at
     * least {@code brokers} brokers, giving up after {@code timeout} or as soon as {@code alive} turns false.
     */
    public void awaitReady(Duration timeout, BooleanSupplier alive, int brokers) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        int seen = 0;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new BenchException("the broker at " + bootstrapServers + " exited while starting");
            }
            try {
                DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) READY_ATTEMPT.toMillis());
                seen = admin.describeCluster(options).nodes().get().size();
                if (seen >= brokers) {
                    return;
                }
                pause(LEADER_POLL_PAUSE);
            } catch (ExecutionException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for " + bootstrapServers, e);
            }
        }
        throw new BenchException("the broker at " + bootstrapServers + " did not answer with " + brokers
                + " broker(s) within " + timeout.toSeconds() + " s (last answer: " + seen + ")"
                + (last == null ? "" : ": " + last.getCause()));
    }

    /** Creates {@code topic} with replication factor 1 and waits until every partition has a leader. */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Topology.SINGLE);
    }

    /**
     * Creates {@code topic} with the topology's replication factor (and, when replicated, its
     * {@code min.insync.replicas}) and waits until every partition has a leader and every replica is in the ISR, so
     * the first acks=all batch does not wait for a follower still joining.
     */
    public void createTopic(String topic, int partitions, Topology topology) {
        NewTopic newTopic = new NewTopic(topic, partitions, topology.replicationFactor());
        if (topology.replicated()) {
            newTopic.configs(Map.of("min.insync.replicas", Integer.toString(topology.minInsyncReplicas())));
        }
        await(admin.createTopics(List.of(newTopic)).all(), "create topic " + topic);
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (!allPartitionsLedAndInSync(topic, partitions, topology.replicationFactor())) {
            if (System.nanoTime() > deadline) {
                throw new BenchException("topic " + topic + " has partitions without a leader or a full ISR after "
                        + CALL_TIMEOUT.toSeconds() + " s");
            }
            pause(LEADER_POLL_PAUSE);
        }
    }

    /**
     * The record count of {@code topic} once it has reached {@code expected}, or the last count read when
     * {@code timeout} runs out first. With replicas the latest offset is the high watermark, which follows the
     * leader's log end a follower fetch later.
     */
    public long awaitRecordCount(String topic, int partitions, long expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = recordCount(topic, partitions);
        while (count < expected && System.nanoTime() < deadline) {
            pause(LEADER_POLL_PAUSE);
            count = recordCount(topic, partitions);
        }
        return count;
    }

    /**
     * The sum of the latest offsets (high watermarks) of the topic's partitions: the number of records it holds,
     * as far as consumers can see.
     */
    public long recordCount(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions(topic, partitions).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                await(admin.listOffsets(latest).all(), "list offsets of " + topic);
        return offsets.values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                .sum();
    }

    private static List<TopicPartition> partitions(String topic, int partitions) {
        return IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /**
     * Whether every partition has a leader and, with replicas, a full ISR. A broker may not know the topic yet right
     * after CreateTopics (brokers learn metadata from the controller a moment later, on Kafka as on Brook), so an
     * unknown topic is "not yet", not a failure.
     */
    private boolean allPartitionsLedAndInSync(String topic, int partitions, int replicas) {
        TopicDescription description;
        try {
            description = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
                    .get(topic);
        } catch (BenchException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return description != null
                && description.partitions().size() == partitions
                && description.partitions().stream()
                        .allMatch(p -> p.leader() != null
                                && !p.leader().isEmpty()
                                && (replicas == 1 || p.isr().size() >= replicas));
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BenchException("cannot " + what + " on " + bootstrapServers + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new BenchException(
                    "cannot " + what + " on " + bootstrapServers + ": no answer within " + CALL_TIMEOUT.toSeconds()
                            + " s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted: " + what, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
