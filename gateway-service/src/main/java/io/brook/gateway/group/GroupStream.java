package io.brook.gateway.group;

import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import io.brook.gateway.config.GatewayProperties;
import io.brook.gateway.metrics.GatewayMetrics;
import io.brook.gateway.problem.ProblemMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import tools.jackson.databind.ObjectMapper;

/**
 * Server-sent events from a consumer group: each connection is one member of the group, so several
 * HTTP clients of the same group share the partitions of its topics as Kafka consumers do.
 *
 * <p>Threading: each stream owns a {@link KafkaConsumer} and a single-thread executor running its
 * loop; only that thread touches the consumer ({@code KafkaConsumer} is not thread-safe), except
 * {@link KafkaConsumer#wakeup()}, which the HTTP side calls when the client goes away. The loop then
 * commits, closes the consumer (leaving the group, so the others get its partitions at once) and
 * shuts its executor down.
 *
 * <p>Flow control: the loop emits only while the HTTP writer has demand and polls only when it has
 * demand and has handed out every record of the previous poll, so at most one poll's records
 * ({@value #MAX_POLL_RECORDS}) wait in memory per stream. While the writer has no demand the loop
 * still polls every {@link #IDLE_POLL} with its partitions paused, which returns no records but
 * keeps the member in the group and lets rebalances finish. An idle stream with demand gets a
 * comment every {@code brook.gateway.consume.heartbeat-interval}.
 *
 * <p>Delivery is at least once. The offsets of the records handed to the writer are committed
 * (asynchronously) right before the poll that follows them, synchronously when partitions are
 * revoked in a rebalance, and synchronously when the stream closes. A record is thus committed only
 * after it was handed to the writer: a gateway that dies before committing makes the group read it
 * again (a duplicate), never skip it. Records polled but not yet handed out are dropped on
 * revocation and read again by the partition's next owner. The one gap is the writer's own
 * prefetch: records handed to the writer but not yet on the wire when the client disconnects are
 * committed at close; a client that must not lose those resumes from the event ids it saw instead.
 * Each event's {@code id} is {@code <partition>:<next offset>} of the record's topic.
 */
@Component
public class GroupStream {

    static final int MAX_POLL_RECORDS = 100;
    static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final Duration PAUSED_POLL = Duration.ofMillis(50);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(GroupStream.class);

    private final GatewayProperties properties;
    private final RecordRenderer renderer;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final AtomicLong streams = new AtomicLong();

    public GroupStream(
            GatewayProperties properties, RecordRenderer renderer, GatewayMetrics metrics, ObjectMapper json) {
        this.properties = properties;
        this.renderer = renderer;
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * Joins {@code group} on subscription and streams the records of the partitions it is assigned.
     *
     * @param reset {@code earliest} or {@code latest}: where partitions without a committed offset start
     */
    public Flux<ServerSentEvent<String>> open(
            String group, List<String> topics, String reset, RecordFormat keyFormat, RecordFormat valueFormat) {
        return Flux.create(
                sink -> {
                    long id = streams.incrementAndGet();
                    ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
                        Thread thread = new Thread(task, "brook-group-stream-" + id);
                        thread.setDaemon(true);
                        return thread;
                    });
                    Loop loop =
                            new Loop(sink, executor, consumerConfig(group, reset, id), topics, keyFormat, valueFormat);
                    sink.onRequest(requested -> loop.signal());
                    sink.onDispose(loop::stop);
                    executor.execute(loop);
                },
                // The loop emits only against demand; more would be a bug, not something to buffer.
                FluxSink.OverflowStrategy.ERROR);
    }

    private Map<String, Object> consumerConfig(String group, String reset, long id) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, properties.clientId() + "-group-" + id);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** One stream's consumer loop; every method but {@link #signal} and {@link #stop} runs on its thread. */
    private final class Loop implements Runnable, ConsumerRebalanceListener {

        private final FluxSink<ServerSentEvent<String>> sink;
        private final ExecutorService executor;
        private final Map<String, Object> config;
        private final List<String> topics;
        private final RecordFormat keyFormat;
        private final RecordFormat valueFormat;
        private final long heartbeatNanos;
        private final Object demand = new Object();
        private final ArrayDeque<ConsumerRecord<byte[], byte[]>> polled = new ArrayDeque<>();
        /** Next offset per partition after the last record handed to the writer. */
        private final Map<TopicPartition, OffsetAndMetadata> handed = new HashMap<>();
        /** Partitions whose handed offset has not been committed yet. */
        private final Set<TopicPartition> uncommitted = new HashSet<>();

        private volatile boolean closed;
        private volatile KafkaConsumer<byte[], byte[]> consumer;
        private boolean sentAny;

        Loop(
                FluxSink<ServerSentEvent<String>> sink,
                ExecutorService executor,
                Map<String, Object> config,
                List<String> topics,
                RecordFormat keyFormat,
                RecordFormat valueFormat) {
            this.sink = sink;
            this.executor = executor;
            this.config = config;
            this.topics = topics;
            this.keyFormat = keyFormat;
            this.valueFormat = valueFormat;
            this.heartbeatNanos = properties.consume().heartbeatInterval().toNanos();
        }

        /** The writer asked for more (any thread). */
        void signal() {
            synchronized (demand) {
                demand.notifyAll();
            }
        }

        /** The client went away or the stream ended (any thread). */
        void stop() {
            closed = true;
            KafkaConsumer<byte[], byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            signal();
        }

        @Override
        public void run() {
            Runnable sseClosed = metrics.sseOpened();
            try {
                consumer = new KafkaConsumer<>(config);
                if (closed) {
                    return;
                }
                consumer.subscribe(topics, this);
                long lastEvent = System.nanoTime();
                while (!closed) {
                    if (sink.requestedFromDownstream() == 0) {
                        if (!awaitDemand()) {
                            keepMembership();
                        }
                        continue;
                    }
                    if (polled.isEmpty()) {
                        commitAsync();
                        long untilHeartbeat = Math.max(0, lastEvent + heartbeatNanos - System.nanoTime());
                        consumer.poll(Duration.ofNanos(untilHeartbeat)).forEach(polled::add);
                    }
                    if (emitRecords() > 0) {
                        lastEvent = System.nanoTime();
                    } else if (System.nanoTime() - lastEvent >= heartbeatNanos && sink.requestedFromDownstream() > 0) {
                        sink.next(ServerSentEvent.<String>builder()
                                .comment("heartbeat")
                                .build());
                        sentAny = true;
                        lastEvent = System.nanoTime();
                    }
                }
            } catch (WakeupException stopped) {
                // stop() woke a blocking call: the client is gone.
            } catch (RuntimeException e) {
                fail(e);
            } finally {
                close();
                executor.shutdown();
                sseClosed.run();
            }
        }

        /** Waits up to {@link #IDLE_POLL} for demand; whether there is demand (or the stream is closed). */
        private boolean awaitDemand() {
            long deadline = System.nanoTime() + IDLE_POLL.toNanos();
            synchronized (demand) {
                long left;
                while (!closed && sink.requestedFromDownstream() == 0 && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(demand, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closed = true;
                    }
                }
            }
            return closed || sink.requestedFromDownstream() > 0;
        }

        /** Polls with every partition paused: no records, but the member stays in the group and rebalances. */
        private void keepMembership() {
            Set<TopicPartition> assigned = consumer.assignment();
            consumer.pause(assigned);
            try {
                // A partition assigned during this poll is not paused; its records wait in polled.
                consumer.poll(PAUSED_POLL).forEach(polled::add);
            } finally {
                consumer.resume(consumer.paused());
            }
        }

        private int emitRecords() {
            int emitted = 0;
            Map<String, Integer> perTopic = new HashMap<>();
            while (!polled.isEmpty() && !closed && sink.requestedFromDownstream() > 0) {
                ConsumerRecord<byte[], byte[]> record = polled.poll();
                String data = new String(renderer.renderJson(record, keyFormat, valueFormat), StandardCharsets.UTF_8);
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                handed.put(partition, new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
                uncommitted.add(partition);
                sink.next(ServerSentEvent.builder(data)
                        .event("record")
                        .id(record.partition() + ":" + (record.offset() + 1))
                        .build());
                perTopic.merge(record.topic(), 1, Integer::sum);
                emitted++;
            }
            perTopic.forEach(metrics::streamed);
            sentAny |= emitted > 0;
            return emitted;
        }

        private void commitAsync() {
            if (uncommitted.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            uncommitted.forEach(tp -> offsets.put(tp, handed.get(tp)));
            uncommitted.clear();
            consumer.commitAsync(offsets, (committed, error) -> {
                if (error != null) {
                    // The next commit (at the latest the one on close) covers these offsets again.
                    log.debug(
                            "Group {}: async commit of {} failed",
                            config.get(ConsumerConfig.GROUP_ID_CONFIG),
                            committed,
                            error);
                }
            });
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            polled.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = handed.remove(tp);
                uncommitted.remove(tp);
                if (offset != null) {
                    offsets.put(tp, offset);
                }
            }
            commitSync(offsets);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: committing now could move its offsets back.
            polled.removeIf(record -> partitions.contains(new TopicPartition(record.topic(), record.partition())));
            partitions.forEach(tp -> {
                handed.remove(tp);
                uncommitted.remove(tp);
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (offsets.isEmpty()) {
                return;
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    consumer.commitSync(offsets, CLOSE_TIMEOUT);
                    return;
                } catch (WakeupException pending) {
                    // A wakeup from stop() landed here; it is consumed now, so try once more.
                } catch (RuntimeException e) {
                    log.warn("Group {}: could not commit {}", config.get(ConsumerConfig.GROUP_ID_CONFIG), offsets, e);
                    return;
                }
            }
        }

        private void fail(RuntimeException error) {
            if (closed) {
                return;
            }
            if (!sentAny) {
                // Nothing sent yet: the response can still be a problem document.
                sink.error(error);
                return;
            }
            log.warn("Group {} stream failed", config.get(ConsumerConfig.GROUP_ID_CONFIG), error);
            if (sink.requestedFromDownstream() > 0) {
                sink.next(ServerSentEvent.builder(json.writeValueAsString(ProblemMapper.toProblem(error)))
                        .event("error")
                        .build());
            }
            sink.complete();
        }

        private void close() {
            KafkaConsumer<byte[], byte[]> current = consumer;
            if (current == null) {
                return;
            }
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(handed);
                offsets.keySet().retainAll(current.assignment());
                commitSync(offsets);
            } catch (RuntimeException e) {
                log.warn("Group {}: commit on close failed", config.get(ConsumerConfig.GROUP_ID_CONFIG), e);
            }
            try {
                current.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (RuntimeException e) {
                log.warn("Group {}: closing the consumer failed", config.get(ConsumerConfig.GROUP_ID_CONFIG), e);
            }
        }
    }
}
