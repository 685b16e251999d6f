package io.brook.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Real kafka-clients producers, consumers and admin clients with short timeouts (closing included, so
 * try-with-resources never waits long), and helpers around them.
 */
final class Clients {

    /** How long a single client call may take before the test fails. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** How long closing a client may take. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private Clients() {}

    static KafkaProducer<byte[], byte[]> producer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        config.putAll(overrides);
        return new KafkaProducer<>(config) {
            @Override
            public void close() {
                close(CLOSE_TIMEOUT);
            }
        };
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return producer(bootstrap, Map.of());
    }

    /** A consumer without a group, for assign mode. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return consumer(consumerConfig(bootstrap));
    }

    /**
     * A consumer in group {@code groupId} for {@code subscribe}, on the classic group protocol unless
     * {@code overrides} say otherwise: no auto-commit, reads from the earliest offset when the group has no committed
     * offset, heartbeats every 500 ms (so members notice a rebalance quickly) with a 10 s session timeout.
     */
    static KafkaConsumer<byte[], byte[]> groupConsumer(
            String bootstrap, String groupId, Map<String, Object> overrides) {
        return consumer(groupConsumerConfig(bootstrap, groupId, overrides));
    }

    /** The configuration of {@link #groupConsumer}, also used by consumers in child JVMs. */
    static Map<String, Object> groupConsumerConfig(String bootstrap, String groupId, Map<String, Object> overrides) {
        Map<String, Object> config = consumerConfig(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        config.putAll(overrides);
        return config;
    }

    /**
     * A consumer in group {@code groupId} on the consumer group protocol (KIP-848), otherwise as
     * {@link #groupConsumer}: the session timeout and heartbeat interval are the broker's to decide, so they are
     * not set (the client refuses them with this protocol).
     */
    static Map<String, Object> consumerProtocolConfig(String bootstrap, String groupId, Map<String, Object> overrides) {
        Map<String, Object> config = consumerConfig(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        config.putAll(overrides);
        return config;
    }

    private static Map<String, Object> consumerConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return config;
    }

    static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config) {
            @Override
            public void close() {
                close(CloseOptions.timeout(CLOSE_TIMEOUT));
            }
        };
    }

    static Admin admin(String bootstrap) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return new ForwardingAdmin(config) {
            @Override
            public void close() {
                close(CLOSE_TIMEOUT);
            }
        };
    }

    /** The value of a future, failing the test if it does not complete in time; unwraps {@link ExecutionException}. */
    static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + CALL_TIMEOUT, e);
        }
    }

    static <T> T get(KafkaFuture<T> future) throws Exception {
        return get((Future<T>) future);
    }

    static void createTopic(Admin admin, String name, int partitions, Map<String, String> configs) throws Exception {
        get(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                .all());
    }

    static void createTopic(String bootstrap, String name, int partitions, Map<String, String> configs)
            throws Exception {
        try (Admin admin = admin(bootstrap)) {
            createTopic(admin, name, partitions, configs);
        }
    }

    static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> result = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            result.add(new TopicPartition(topic, p));
        }
        return result;
    }

    /** ListOffsets through the admin client for each partition. */
    static Map<TopicPartition, Long> offsets(Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> result = new HashMap<>();
        get(admin.listOffsets(request).all()).forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    static long latestOffset(Admin admin, TopicPartition tp) throws Exception {
        return offsets(admin, List.of(tp), OffsetSpec.latest()).get(tp);
    }

    /**
     * Reads every partition from its beginning up to its end offset as the broker gives it at the start of the call,
     * with a new consumer in assign mode, and returns the records in poll order.
     */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, Collection<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await("reading " + partitions + " up to " + end)
                    .atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                assertThat(record.offset())
                        .as("record of %s read beyond the end offset", tp)
                        .isLessThan(end.get(tp));
            }
            return records;
        }
    }

    /** Headers as comparable strings: {@code key=base64(value)}, {@code key=null} for a null value. */
    static List<String> headers(Iterable<Header> headers) {
        return StreamSupport.stream(headers.spliterator(), false)
                .map(h -> h.key() + "="
                        + (h.value() == null ? "null" : Base64.getEncoder().encodeToString(h.value())))
                .toList();
    }
}
