package io.brook.bench.gateway;

import io.brook.bench.load.ResultLine;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Child-JVM main of the "produce, HTTP batched" row: posts {@code warmup} untimed, then {@code records} timed records
 * to {@code POST /v1/topics/{topic}/records} in JSON batches of {@code batch} records, with {@code in-flight} requests
 * outstanding at once over as many keep-alive connections (Reactor Netty, one event loop thread). The request bodies
 * are built once ({@link #BODIES} of them, reused in turn) so the client spends its CPU on HTTP, not on JSON. A record
 * counts as written when its answer gives an offset; a non-200 answer fails its whole batch. Prints a
 * {@link ResultLine}.
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
        byte[][] bodies = new byte[BODIES][];
        for (int i = 0; i < BODIES; i++) {
            bodies[i] = BenchRecords.requestBody((long) i * batch, batch);
        }
        LoopResources loop = LoopResources.create("bench-http", 1, true);
        ConnectionProvider connections = ConnectionProvider.builder("bench-http")
                .maxConnections(inFlight)
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient client = HttpClient.create(connections)
                .runOn(loop)
                .baseUrl(args[0])
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON))
                .responseTimeout(Duration.ofSeconds(60));

        Outcome warm = post(client, path, bodies, warmup, batch, inFlight);
        CpuWindow cpu = new CpuWindow(ProcessHandle.current().pid(), Long.parseLong(args[6]), Long.parseLong(args[7]));
        long start = System.nanoTime();
        Outcome timed = post(client, path, bodies, records, batch, inFlight);
        long elapsed = System.nanoTime() - start;
        long[] cpuMillis = cpu.elapsedMillis();
        connections.dispose();
        loop.dispose();
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

    /** Counters of one pass; updated on the event loop, read after the pass. */
    private record Outcome(
            AtomicLong written, AtomicLong failed, AtomicLong requests, AtomicReference<String> firstError) {
        Outcome() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicReference<>());
        }
    }

    /** Posts {@code records} records (rounded up to whole batches) and waits for every answer. */
    private static Outcome post(
            HttpClient client, String path, byte[][] bodies, long records, int batch, int inFlight) {
        Outcome outcome = new Outcome();
        long requests = (records + batch - 1) / batch;
        Flux.range(0, (int) requests)
                .flatMap(
                        i -> client.post()
                                .uri(path)
                                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bodies[i % BODIES])))
                                .responseSingle((response, body) -> body.asString()
                                        .defaultIfEmpty("")
                                        .map(text -> {
                                            count(outcome, response.status().code(), text, batch);
                                            return text.length();
                                        }))
                                .onErrorResume(error -> {
                                    outcome.failed.addAndGet(batch);
                                    outcome.firstError.compareAndSet(null, error.toString());
                                    return Mono.empty();
                                }),
                        inFlight)
                .blockLast(TIMEOUT);
        return outcome;
    }

    private static void count(Outcome outcome, int status, String body, int batch) {
        outcome.requests.incrementAndGet();
        if (status != 200) {
            outcome.failed.addAndGet(batch);
            outcome.firstError.compareAndSet(null, "HTTP " + status + ": " + body);
            return;
        }
        ProduceAnswer answer = ProduceAnswer.parse(body);
        outcome.written.addAndGet(answer.written());
        outcome.failed.addAndGet(answer.failed() + Math.max(0, batch - answer.written() - answer.failed()));
        if (answer.failed() > 0) {
            outcome.firstError.compareAndSet(null, body.length() > 500 ? body.substring(0, 500) : body);
        }
    }
}
