package io.brook.bench.gateway;

import io.brook.bench.BenchException;
import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.JavaCommand;
import io.brook.bench.process.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The gateway under test, started from gateway-service's executable jar in its own JVM:
 * {@code java <jvm options> -jar gateway-service-*-exec.jar --server.port=P --brook.gateway.bootstrap-servers=B
 * --brook.gateway.security.enabled=false}. Ready when {@code /actuator/health/readiness} answers 200. One instance is
 * one start and one stop, used by one thread.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final ChildProcess process;
    private final int port;

    private GatewayProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static GatewayProcess start(Path jar, List<String> jvmOptions, String bootstrapServers, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("the gateway's executable jar " + jar.toAbsolutePath()
                    + " does not exist; build gateway-service (bench/gateway does) or pass --gateway-jar");
        }
        int port = LoopbackPorts.freePort();
        ChildProcess process = ChildProcess.start(
                "gateway",
                JavaCommand.java()
                        .jvmOptions(jvmOptions)
                        .jar(jar)
                        .args(
                                "--server.port=" + port,
                                "--brook.gateway.bootstrap-servers=" + bootstrapServers,
                                "--brook.gateway.security.enabled=false"),
                logFile);
        return new GatewayProcess(process, port);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the readiness probe answers 200, giving up after {@code timeout} or when the JVM exits. */
    void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BenchException("the gateway exited while starting; see " + process.logFile());
            }
            try {
                HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for the gateway", e);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for the gateway", e);
            }
        }
        throw new BenchException("the gateway at " + baseUrl() + " was not ready within " + timeout.toSeconds() + " s ("
                + last + "); see " + process.logFile());
    }

    @Override
    public void close() {
        process.close();
    }
}
