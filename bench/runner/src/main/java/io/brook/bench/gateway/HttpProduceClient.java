package io.brook.bench.gateway;

import io.brook.bench.load.ResultLine;
import io.netty.channel.ChannelFuture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child-JVM main of the "produce, HTTP batched" row: posts {@code warmup} untimed, then {@code records} timed records
 * to {@code POST /v1/topics/{topic}/records} in JSON batches of {@code batch} records, with {@code in-flight} requests
 * outstanding at once over as many keep-alive connections ({@link PlainClient}, one event loop thread). The requests
 * are built once ({@link #BODIES} of them, reused in turn) so the client spends its CPU on HTTP, not on JSON. A record
 * counts as written when its answer gives an offset; a non-200 answer, or a connection lost before its answer, fails
 * its whole batch. Prints a {@link ResultLine}.
 *
 * <p>Arguments: {@code <base-url> <topic> <warmup> <records> <batch> <in-flight> <gateway-pid> <broker-pid>}.
 */
public final class HttpProduceClient {

    static final int BODIES = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private HttpProduceClient() {}

    public static void main(String[] args) {
        if (args.length != 8) {
            throw new IllegalArgumentException("usage: HttpProduceClient <base-url> <topic> <warmup> <records> <batch>"
                    + " <in-flight> <gateway-pid> <broker-pid>");
        }
        String path = "/v1/topics/" + args[1] + "/records";
        long warmup = Long.parseLong(args[2]);
        long records = Long.parseLong(args[3]);
        int batch = Integer.parseInt(args[4]);
        int inFlight = Integer.parseInt(args[5]);
        Outcome warm;
        Outcome timed;
        long elapsed;
        long[] cpuMillis;
        try (PlainClient client = new PlainClient(URI.create(args[0]), 1, "bench-http")) {
            byte[][] requests = new byte[BODIES][];
            for (int i = 0; i < BODIES; i++) {
                requests[i] = ProducePoster.request(
                        client.host(), client.port(), path, BenchRecords.requestBody((long) i * batch, batch));
            }
            warm = post(client, requests, warmup, batch, inFlight);
            CpuWindow cpu =
                    new CpuWindow(ProcessHandle.current().pid(), Long.parseLong(args[6]), Long.parseLong(args[7]));
            long start = System.nanoTime();
            timed = post(client, requests, records, batch, inFlight);
            elapsed = System.nanoTime() - start;
            cpuMillis = cpu.elapsedMillis();
        }
        if (timed.firstError.get() != null || warm.firstError.get() != null) {
            System.err.println("first error: "
                    + (timed.firstError.get() != null ? timed.firstError.get() : warm.firstError.get()));
        }
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("records", timed.written.get());
        result.put("failed", timed.failed.get() + warm.failed.get());
        result.put("elapsedNanos", elapsed);
        result.put("valueBytes", timed.written.get() * BenchRecords.VALUE_SIZE);
        result.put("requests", timed.requests.get());
        result.put("clientCpuMillis", cpuMillis[0]);
        result.put("gatewayCpuMillis", cpuMillis[1]);
        result.put("brokerCpuMillis", cpuMillis[2]);
        System.out.println(ResultLine.format(result));
    }

    /** The counters and the request supply of one pass; shared by its connections. */
    private static final class Outcome implements ProducePoster.Plan {
        final AtomicLong written = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        private final AtomicLong taken = new AtomicLong();
        private final byte[][] bodies;
        private final long total;
        private final int batch;

        Outcome(byte[][] bodies, long total, int batch) {
            this.bodies = bodies;
            this.total = total;
            this.batch = batch;
        }

        @Override
        public byte[] next() {
            long i = taken.getAndIncrement();
            return i < total ? bodies[(int) (i % bodies.length)] : null;
        }

        @Override
        public void answered(String statusLine, String body) {
            requests.incrementAndGet();
            if (!statusLine.startsWith("HTTP/1.1 200")) {
                failed.addAndGet(batch);
                firstError.compareAndSet(null, statusLine + ": " + body);
                return;
            }
            ProduceAnswer answer = ProduceAnswer.parse(body);
            written.addAndGet(answer.written());
            failed.addAndGet(answer.failed() + Math.max(0, batch - answer.written() - answer.failed()));
            if (answer.failed() > 0) {
                firstError.compareAndSet(null, body.length() > 500 ? body.substring(0, 500) : body);
            }
        }

        @Override
        public void failed(String why) {
            failed.addAndGet(batch);
            firstError.compareAndSet(null, why);
        }
    }

    /** Posts {@code records} records (rounded up to whole batches) and waits for every answer. */
    private static Outcome post(PlainClient client, byte[][] requests, long records, int batch, int inFlight) {
        Outcome outcome = new Outcome(requests, (records + batch - 1) / batch, batch);
        List<ChannelFuture> connections = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            ChannelFuture connected = client.connect(new ProducePoster(outcome));
            connected.addListener(done -> {
                if (!done.isSuccess()) {
                    outcome.firstError.compareAndSet(null, done.cause().toString());
                }
            });
            connections.add(connected);
        }
        // Each connection closes once the plan is empty (or it failed).
        for (ChannelFuture connected : connections) {
            if (!connected.channel().closeFuture().awaitUninterruptibly(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("HTTP produce did not finish within " + TIMEOUT);
            }
        }
        return outcome;
    }
}
