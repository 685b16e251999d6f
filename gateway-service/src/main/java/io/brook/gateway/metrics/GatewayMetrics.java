package io.brook.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The gateway's own meters, next to Spring's {@code http.server.requests}: records produced and
 * streamed per topic, open SSE connections.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger sseConnections = new AtomicInteger();
    private final Map<String, Counter> streamed = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("brook.gateway.sse.connections", sseConnections);
    }

    /** Counts {@code count} records written to {@code topic}. */
    public void produced(String topic, int count) {
        if (count > 0) {
            Counter.builder("brook.gateway.records.produced")
                    .tag("topic", topic)
                    .register(registry)
                    .increment(count);
        }
    }

    /** Counts {@code count} records sent to HTTP clients from {@code topic}. */
    public void streamed(String topic, int count) {
        if (count > 0) {
            streamedCounter(topic).increment(count);
        }
    }

    /** The counter of records sent from {@code topic}, for a stream to keep and increment cheaply. */
    public Counter streamedCounter(String topic) {
        return streamed.computeIfAbsent(
                topic,
                name -> Counter.builder("brook.gateway.records.streamed")
                        .tag("topic", name)
                        .register(registry));
    }

    /** Marks an SSE connection opened; the returned action marks it closed. */
    public Runnable sseOpened() {
        sseConnections.incrementAndGet();
        return sseConnections::decrementAndGet;
    }
}
