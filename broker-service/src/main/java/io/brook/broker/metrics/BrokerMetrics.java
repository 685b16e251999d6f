package io.brook.broker.metrics;

import io.brook.broker.network.ConnectionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The broker's Micrometer meters: bytes and records in and out per topic, request count and latency per API,
 * open connections, log flush time. Meters are created once and cached, so the hot path only increments.
 * Thread-safe.
 */
public final class BrokerMetrics implements ConnectionListener {

    private final MeterRegistry registry;
    private final Map<String, TopicMeters> topics = new ConcurrentHashMap<>();
    private final Map<ApiKeys, Timer> requestTimers = new EnumMap<>(ApiKeys.class);
    private final AtomicInteger connections = new AtomicInteger();
    private final Timer flushTimer;

    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ApiKeys key : ApiKeys.values()) {
            requestTimers.put(
                    key,
                    Timer.builder("brook.broker.requests")
                            .description("Kafka requests served, by API")
                            .tag("api", key.name)
                            .publishPercentileHistogram(false)
                            .register(registry));
        }
        registry.gauge("brook.broker.connections", connections);
        this.flushTimer = Timer.builder("brook.log.flush")
                .description("Time to force appended log data to disk")
                .register(registry);
    }

    /** Bytes and records moved for one topic. */
    public record TopicMeters(Counter bytesIn, Counter recordsIn, Counter bytesOut, Counter recordsOut) {}

    public TopicMeters topic(String topic) {
        return topics.computeIfAbsent(
                topic,
                t -> new TopicMeters(
                        counter("brook.broker.bytes.in", t, "Record bytes appended"),
                        counter("brook.broker.records.in", t, "Records appended"),
                        counter("brook.broker.bytes.out", t, "Record bytes fetched"),
                        counter("brook.broker.records.out", t, "Records fetched")));
    }

    private Counter counter(String name, String topic, String description) {
        return Counter.builder(name)
                .description(description)
                .tag("topic", topic)
                .register(registry);
    }

    /** The registry, for meters owned by other parts of the broker (the group lag gauges). */
    public MeterRegistry registry() {
        return registry;
    }

    public Timer requestTimer(ApiKeys apiKey) {
        return requestTimers.get(apiKey);
    }

    public Timer flushTimer() {
        return flushTimer;
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        connections.decrementAndGet();
    }
}
