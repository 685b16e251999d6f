package io.brook.bench.gateway;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One SSE connection of the fan-out client: feeds the stream's bytes to an {@link SseParser} straight from Netty's
 * buffers (slices, no copy) and turns each record event into a latency sample, receive wall clock
 * minus the record's timestamp (both on this machine's clock, in ms). Events of records stamped before
 * {@link #measureFromMs} (the warm-up) only count as warm-up. Runs on the connection's event loop thread; the counters
 * it shares with other subscribers are thread-safe.
 */
final class SseSubscriber implements SseParser.Listener {

    /** What every subscriber of one run shares. */
    record Shared(
            LatencyHistogram latencies,
            LongAdder received,
            LongAdder warmupReceived,
            AtomicLong lastReceiveMs,
            AtomicLong measureFromMs) {
        Shared(int maxTrackedMs) {
            this(
                    new LatencyHistogram(maxTrackedMs),
                    new LongAdder(),
                    new LongAdder(),
                    new AtomicLong(),
                    new AtomicLong(Long.MAX_VALUE));
        }
    }

    private final SseParser parser = new SseParser(this);
    private final Shared shared;
    private final Sinks.Empty<Void> opened = Sinks.empty();
    private volatile boolean open;
    private volatile long received;
    private volatile boolean closed;

    SseSubscriber(Shared shared) {
        this.shared = shared;
    }

    /** Completes when the stream's first comment (the gateway's {@code :stream of ...}) has arrived. */
    Mono<Void> opened() {
        return opened.asMono();
    }

    boolean isOpen() {
        return open;
    }

    long received() {
        return received;
    }

    boolean closed() {
        return closed;
    }

    /** The stream ended (or never opened): also ends the wait for its opening. */
    void close() {
        closed = true;
        opened.tryEmitEmpty();
    }

    /** Feeds bytes {@code [from, to)} of {@code buffer}. */
    void feed(ByteBuf buffer, int from, int to) {
        parser.feed(buffer, from, to);
    }

    @Override
    public void comment() {
        if (!open) {
            open = true;
            opened.tryEmitEmpty();
        }
    }

    @Override
    public void event(long timestampMs) {
        long now = System.currentTimeMillis();
        if (timestampMs < shared.measureFromMs().get()) {
            shared.warmupReceived().increment();
            return;
        }
        shared.latencies().record(now - timestampMs);
        shared.received().increment();
        received++; // written by this connection's event loop thread only
        shared.lastReceiveMs().accumulateAndGet(now, Math::max);
    }
}
