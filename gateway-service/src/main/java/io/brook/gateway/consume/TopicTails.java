package io.brook.gateway.consume;

import io.brook.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The tails of the topics that have readers on this gateway. A reader leases a tail for as long as
 * it reads ({@link #acquire}, then {@link Lease#close}); a tail without leases for
 * {@code brook.gateway.consume.tail-idle-timeout} is stopped.
 */
@Component
public class TopicTails implements DisposableBean {

    private final ReaderConsumers consumers;
    private final int ringRecords;
    private final long ringBytes;
    private final long idleTimeoutMillis;
    private final Duration tick;
    private final Map<String, Entry> tails = new HashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "brook-tail-reaper");
        thread.setDaemon(true);
        return thread;
    });

    public TopicTails(ReaderConsumers consumers, GatewayProperties properties) {
        this.consumers = consumers;
        this.ringRecords = properties.consume().ringRecords();
        this.ringBytes = properties.consume().ringBytes().toBytes();
        this.idleTimeoutMillis = properties.consume().tailIdleTimeout().toMillis();
        this.tick = properties.consume().heartbeatInterval().dividedBy(2);
        long period = Math.max(100, Math.min(10_000, idleTimeoutMillis / 2));
        reaper.scheduleWithFixedDelay(this::stopIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A lease on the started tail of {@code topic}. Use it with {@code Flux.usingWhen} so that it is
     * closed however the reader ends.
     */
    public Mono<Lease> acquire(String topic) {
        Entry entry;
        synchronized (tails) {
            entry = tails.computeIfAbsent(topic, this::newEntry);
            // Not idle while it starts; a tail reaped meanwhile is seen closed below and replaced.
            entry.idleSince = System.currentTimeMillis();
        }
        return entry.started.flatMap(tail -> {
            synchronized (tails) {
                if (tail.isClosed() || tails.get(topic) != entry) {
                    return acquire(topic);
                }
                entry.leases++;
            }
            return Mono.just(new Lease(tail, () -> release(entry)));
        });
    }

    private Entry newEntry(String topic) {
        TopicTail tail = new TopicTail(topic, () -> consumers.create("tail", 2_000), ringRecords, ringBytes, tick);
        Mono<TopicTail> started = Mono.fromCallable(() -> {
                    try {
                        tail.start();
                        return tail;
                    } catch (RuntimeException e) {
                        tail.close();
                        synchronized (tails) {
                            tails.remove(topic);
                        }
                        throw e;
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .cache();
        return new Entry(tail, started);
    }

    private void release(Entry entry) {
        synchronized (tails) {
            entry.leases--;
            entry.idleSince = System.currentTimeMillis();
        }
    }

    private void stopIdle() {
        long now = System.currentTimeMillis();
        synchronized (tails) {
            tails.entrySet().removeIf(e -> {
                Entry entry = e.getValue();
                if (entry.leases <= 0 && now - entry.idleSince >= idleTimeoutMillis) {
                    entry.tail.close();
                    return true;
                }
                return false;
            });
        }
    }

    @Override
    public void destroy() {
        reaper.shutdownNow();
        synchronized (tails) {
            tails.values().forEach(entry -> entry.tail.close());
            tails.clear();
        }
    }

    /** A reader's hold on a tail; closing it more than once is harmless. */
    public static final class Lease implements AutoCloseable {
        private final TopicTail tail;
        private Runnable release;

        Lease(TopicTail tail, Runnable release) {
            this.tail = tail;
            this.release = release;
        }

        public TopicTail tail() {
            return tail;
        }

        @Override
        public synchronized void close() {
            if (release != null) {
                release.run();
                release = null;
            }
        }
    }

    private static final class Entry {
        final TopicTail tail;
        final Mono<TopicTail> started;
        int leases;
        long idleSince = System.currentTimeMillis();

        Entry(TopicTail tail, Mono<TopicTail> started) {
            this.tail = tail;
            this.started = started;
        }
    }
}
