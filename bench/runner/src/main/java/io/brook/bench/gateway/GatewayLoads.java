package io.brook.bench.gateway;

import io.brook.bench.load.ClientJvm;
import io.brook.bench.load.ResultLine;
import io.brook.bench.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts each of the gateway bench's load clients in a fresh client JVM, waits for it and returns the values of its
 * {@link ResultLine}. Used by one thread.
 */
final class GatewayLoads {

    private static final Duration PRODUCE_TIMEOUT = Duration.ofMinutes(10);
    /** Fan-out beyond its warm-up and measured seconds: opening the streams, draining, JVM start. */
    private static final Duration FANOUT_OVERHEAD = Duration.ofMinutes(6);

    private final ClientJvm clients;
    private final GatewayOptions options;
    private final String bootstrapServers;
    private final long brokerPid;

    GatewayLoads(ClientJvm clients, GatewayOptions options, String bootstrapServers, long brokerPid) {
        this.clients = clients;
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.brokerPid = brokerPid;
    }

    Map<String, Long> nativeProduce(String topic, Path logFile) {
        return run(
                "native produce " + topic,
                NativeProduceClient.class,
                List.of(
                        bootstrapServers,
                        topic,
                        Long.toString(options.warmupRecords()),
                        Long.toString(options.records()),
                        Long.toString(brokerPid)),
                PRODUCE_TIMEOUT,
                logFile);
    }

    Map<String, Long> httpProduce(GatewayProcess gateway, String topic, Path logFile) {
        return run(
                "HTTP produce " + topic,
                HttpProduceClient.class,
                List.of(
                        gateway.baseUrl(),
                        topic,
                        Long.toString(options.warmupRecords()),
                        Long.toString(options.records()),
                        Integer.toString(options.batch()),
                        Integer.toString(options.inFlight()),
                        Long.toString(gateway.pid()),
                        Long.toString(brokerPid)),
                PRODUCE_TIMEOUT,
                logFile);
    }

    Map<String, Long> fanout(GatewayProcess gateway, String topic, int subscribers, Path logFile) {
        return run(
                "fan-out " + subscribers,
                FanoutClient.class,
                List.of(
                        gateway.baseUrl(),
                        bootstrapServers,
                        topic,
                        Integer.toString(subscribers),
                        Integer.toString(options.rate()),
                        Integer.toString(options.durationSeconds()),
                        Integer.toString(options.warmupSeconds()),
                        Long.toString(gateway.pid()),
                        Long.toString(brokerPid)),
                FANOUT_OVERHEAD.plusSeconds(options.durationSeconds() + options.warmupSeconds()),
                logFile);
    }

    private Map<String, Long> run(String name, Class<?> main, List<String> args, Duration timeout, Path logFile) {
        ChildProcess client = clients.start(name, main.getName(), args, logFile);
        client.awaitSuccess(timeout);
        return ResultLine.parse(client.outputLines(), logFile);
    }
}
