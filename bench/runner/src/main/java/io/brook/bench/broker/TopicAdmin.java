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

/**
 * The runner's Admin client for one broker: waits until the broker answers, creates the benchmark topics and reads
 * their log end offsets. Every call has a timeout. Used by one thread.
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
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new BenchException("the broker at " + bootstrapServers + " exited while starting");
            }
            try {
                DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) READY_ATTEMPT.toMillis());
                if (!admin.describeCluster(options).nodes().get().isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for " + bootstrapServers, e);
            }
        }
        throw new BenchException("the broker at " + bootstrapServers + " did not answer within " + timeout.toSeconds()
                + " s" + (last == null ? "" : ": " + last.getCause()));
    }

    /** Creates {@code topic} with replication factor 1 and waits until every partition has a leader. */
    public void createTopic(String topic, int partitions) {
        await(
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                        .all(),
                "create topic " + topic);
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (!allPartitionsLed(topic, partitions)) {
            if (System.nanoTime() > deadline) {
                throw new BenchException(
                        "topic " + topic + " has partitions without a leader after " + CALL_TIMEOUT.toSeconds() + " s");
            }
            pause(LEADER_POLL_PAUSE);
        }
    }

    /** The sum of the log end offsets of the topic's partitions: the number of records it holds. */
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

    private boolean allPartitionsLed(String topic, int partitions) {
        TopicDescription description = await(
                        admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
                .get(topic);
        return description != null
                && description.partitions().size() == partitions
                && description.partitions().stream()
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
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
            throw new BenchException("interrupted while waiting for partition leaders", e);
        }
    }
}
