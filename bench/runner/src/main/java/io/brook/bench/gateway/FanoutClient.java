package io.brook.bench.gateway;

import io.brook.bench.load.ResultLine;
import io.netty.channel.Channel;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Child-JVM main of the "SSE fan-out" rows: opens {@code subscribers} SSE connections to
 * {@code GET /v1/topics/{topic}/events?from=end} ({@link PlainClient}, one event loop thread),
 * waits until every stream has sent its opening comment, then produces {@code rate} records per second with a
 * {@link KafkaProducer} in this JVM (acks=1, linger.ms=0, the record timestamp set at send): first
 * {@code warmup-seconds} untimed, then {@code duration-seconds} measured. Every delivery's latency is its receive
 * time minus the record's timestamp, in ms on this machine's clock. Waits until every subscriber has every measured
 * record, or until nothing arrived for {@link #DRAIN_IDLE}, and prints a {@link ResultLine}.
 *
 * <p>Arguments: {@code <base-url> <bootstrap-servers> <topic> <subscribers> <rate> <duration-seconds>
 * <warmup-seconds> <gateway-pid> <broker-pid>}.
 */
public final class FanoutClient {

    /**
     * One reading thread: with two, each thread found one ready socket per wake-up more often, and the wake-ups
     * (and the gateway's side of them) cost more than the reading (client 0.35 against 0.29 cores at 10,000
     * subscribers, p99 108 against 94 ms).
     */
    private static final int EVENT_LOOPS = 1;
    /** How long the reading thread sleeps when no socket is ready (see {@link PlainClient#polling}). */
    private static final long POLL_MILLIS = 1;
    /** Records sent through one stream before the measured ones open (see {@link #warmDeliveryPath}). */
    private static final long PATH_WARMUP_RECORDS = 20_000;

    private static final int CONNECTING_AT_ONCE = 256;
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration DRAIN_IDLE = Duration.ofSeconds(20);
    private static final int MAX_TRACKED_MS = 120_000;

    private FanoutClient() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 9) {
            throw new IllegalArgumentException(
                    "usage: FanoutClient <base-url> <bootstrap-servers> <topic> <subscribers>"
                            + " <rate> <duration-seconds> <warmup-seconds> <gateway-pid> <broker-pid>");
        }
        String topic = args[2];
        int subscribers = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        long measured = (long) rate * Long.parseLong(args[5]);
        long warmup = (long) rate * Long.parseLong(args[6]);
        OptionalLong fdLimit = FdLimit.soft();
        if (fdLimit.isPresent() && fdLimit.getAsLong() < subscribers + FdLimit.RESERVE) {
            System.err.printf(
                    "open-file limit %d is too low for %d SSE connections (needs about %d); raise ulimit -n%n",
                    fdLimit.getAsLong(), subscribers, subscribers + FdLimit.RESERVE);
            System.exit(3);
        }

        SseSubscriber.Shared shared = new SseSubscriber.Shared(MAX_TRACKED_MS);
        PlainClient connections = PlainClient.polling(URI.create(args[0]), EVENT_LOOPS, "bench-sse", POLL_MILLIS);

        String path = "/v1/topics/" + topic + "/events?from=end";
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(args[1]));
        producer.partitionsFor(topic);
        warmDeliveryPath(connections, path, producer, topic);
        SseSubscriber[] subs = new SseSubscriber[subscribers];
        AtomicReference<String> firstStreamError = new AtomicReference<>();
        long openStart = System.nanoTime();
        Flux.range(0, subscribers)
                .flatMap(
                        i -> {
                            SseSubscriber sub = new SseSubscriber(shared);
                            subs[i] = sub;
                            open(connections, path, sub, firstStreamError);
                            return sub.opened().timeout(OPEN_TIMEOUT).onErrorResume(e -> Mono.empty());
                        },
                        CONNECTING_AT_ONCE)
                .then()
                .block(OPEN_TIMEOUT.plusMinutes(1));
        long openMillis = (System.nanoTime() - openStart) / 1_000_000;
        long opened = Arrays.stream(subs).filter(SseSubscriber::isOpen).count();
        System.err.printf("%d of %d streams open after %d ms%n", opened, subscribers, openMillis);

        Map<String, Long> result = new LinkedHashMap<>();
        try (producer) {
            AtomicLong failedSends = new AtomicLong();
            produce(producer, topic, rate, 0, warmup, failedSends);
            awaitCount(() -> shared.warmupReceived().sum(), opened * warmup);
            Thread.sleep(5); // every later record is stamped after measureFromMs
            shared.measureFromMs().set(System.currentTimeMillis());
            CpuWindow cpu =
                    new CpuWindow(ProcessHandle.current().pid(), Long.parseLong(args[7]), Long.parseLong(args[8]));
            long windowStart = System.nanoTime();
            produce(producer, topic, rate, warmup, measured, failedSends);
            awaitCount(() -> shared.received().sum(), opened * measured);
            long windowMillis = (System.nanoTime() - windowStart) / 1_000_000;
            long[] cpuMillis = cpu.elapsedMillis();

            LatencyHistogram latencies = shared.latencies();
            result.put("subscribers", (long) subscribers);
            result.put("opened", opened);
            result.put("openMillis", openMillis);
            result.put("sent", measured - failedSends.get());
            result.put("failedSends", failedSends.get());
            result.put("expected", subscribers * measured);
            result.put("received", shared.received().sum());
            result.put(
                    "shortSubscribers",
                    Arrays.stream(subs).filter(s -> s.received() < measured).count());
            result.put(
                    "closedStreams",
                    Arrays.stream(subs).filter(SseSubscriber::closed).count());
            result.put(
                    "deliverySpanMillis",
                    Math.max(
                            1,
                            shared.lastReceiveMs().get()
                                    - shared.measureFromMs().get()));
            result.put("windowMillis", windowMillis);
            result.put("p50Ms", latencies.percentile(50));
            result.put("p99Ms", latencies.percentile(99));
            result.put("p999Ms", latencies.percentile(99.9));
            result.put("maxMs", latencies.max());
            result.put("clientCpuMillis", cpuMillis[0]);
            result.put("gatewayCpuMillis", cpuMillis[1]);
            result.put("brokerCpuMillis", cpuMillis[2]);
        }
        if (firstStreamError.get() != null) {
            System.err.println("first stream error: " + firstStreamError.get());
        }
        System.out.println(ResultLine.format(result));
        connections.close();
        System.exit(0);
    }

    /**
     * Sends {@link #PATH_WARMUP_RECORDS} records as fast as they go through one stream of its own, then closes it,
     * before the measured streams open. At a few records per second the broker's fetch path and the gateway's tail
     * would otherwise run partly interpreted code through the whole run: a single broker freshly started measured
     * 3.3 ms p50 from produce to consume for its first 300 records, 0.9 ms once warm. The records are older than any
     * measured stream's start ({@code from=end}), and the gateway keeps the topic's tail for a minute after its last
     * reader, so the measured streams share the warm one.
     */
    private static void warmDeliveryPath(
            PlainClient connections, String path, KafkaProducer<byte[], byte[]> producer, String topic)
            throws InterruptedException {
        SseSubscriber.Shared warm = new SseSubscriber.Shared(MAX_TRACKED_MS);
        SseSubscriber stream = new SseSubscriber(warm);
        AtomicReference<String> error = new AtomicReference<>();
        Channel channel = connections
                .connect(new ChunkedSseHandler(
                        connections.host(), connections.port(), path, stream, e -> error.compareAndSet(null, e)))
                .sync()
                .channel();
        stream.opened().block(OPEN_TIMEOUT);
        for (long i = 0; i < PATH_WARMUP_RECORDS; i++) {
            producer.send(new ProducerRecord<>(
                    topic, null, System.currentTimeMillis(), BenchRecords.keyBytes(i), BenchRecords.valueBytes(i)));
        }
        producer.flush();
        awaitCount(() -> warm.warmupReceived().sum() + warm.received().sum(), PATH_WARMUP_RECORDS);
        channel.close().sync();
        if (error.get() != null) {
            System.err.println("delivery path warm-up stream: " + error.get());
        }
    }

    private static void open(
            PlainClient connections, String path, SseSubscriber sub, AtomicReference<String> firstError) {
        connections
                .connect(new ChunkedSseHandler(
                        connections.host(),
                        connections.port(),
                        path,
                        sub,
                        error -> firstError.compareAndSet(null, error)))
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        sub.close();
                        firstError.compareAndSet(null, connected.cause().toString());
                    }
                });
    }

    /** Sends {@code count} records at {@code rate} per second, each stamped with the wall clock as it is sent. */
    private static void produce(
            KafkaProducer<byte[], byte[]> producer, String topic, int rate, long first, long count, AtomicLong failed)
            throws InterruptedException {
        if (count == 0) {
            return;
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong next = new AtomicLong(first);
        ticker.scheduleAtFixedRate(
                () -> {
                    long i = next.getAndIncrement();
                    if (i >= first + count) {
                        done.countDown();
                        return;
                    }
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    null,
                                    System.currentTimeMillis(),
                                    BenchRecords.keyBytes(i),
                                    BenchRecords.valueBytes(i)),
                            (metadata, error) -> {
                                if (error != null && failed.incrementAndGet() == 1) {
                                    System.err.println("first failed send: " + error);
                                }
                            });
                },
                0,
                1_000_000_000L / rate,
                TimeUnit.NANOSECONDS);
        done.await();
        ticker.shutdownNow();
        producer.flush();
    }

    /** Waits until {@code count} reaches {@code target}, or until it stops moving for {@link #DRAIN_IDLE}. */
    private static void awaitCount(LongSupplier count, long target) throws InterruptedException {
        long last = -1;
        long lastMove = System.nanoTime();
        while (true) {
            long now = count.getAsLong();
            if (now >= target) {
                return;
            }
            if (now != last) {
                last = now;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > DRAIN_IDLE.toNanos()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** A latency producer: acks=1 and no linger, so a lone record is not held back by the client. */
    private static Properties producerConfig(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-fanout-producer");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
