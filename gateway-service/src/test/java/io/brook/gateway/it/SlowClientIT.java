package io.brook.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.gateway.metrics.GatewayMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client that stops reading an SSE stream slows the stream down instead of making the gateway
 * buffer for it: the gateway builds events only as fast as the socket takes them, and the client
 * gets every record, in order, once it reads again.
 */
class SlowClientIT extends GatewayTestBase {

    private static final int RECORDS = 20_000;
    private static final String VALUE = "\"" + "x".repeat(1_000) + "\"";

    @Autowired
    private GatewayMetrics metrics;

    @Test
    void aClientThatStopsReadingIsNotBufferedFor() throws Exception {
        String topic = createTopic("slow-client", 1);
        try (Socket socket = new Socket()) {
            // A small window, set before connecting: what stalls is then the gateway's side, not a big kernel buffer.
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/topics/" + topic + "/events?from=beginning HTTP/1.1\r\nHost: localhost\r\n"
                            + "Accept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            produce(topic);
            // The client reads nothing: about 20 MB wait in Kafka, not in the gateway. What may leave meanwhile
            // is what the kernel's socket send buffer takes (up to 4 MB by tcp_wmem here). Wait until the stream
            // has stalled: the count of events built stays the same over a poll interval.
            AtomicReference<Double> lastCount = new AtomicReference<>(-1.0);
            await().pollDelay(Duration.ofMillis(500))
                    .pollInterval(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        double now = metrics.streamedCounter(topic).count();
                        return now == lastCount.getAndSet(now);
                    });
            double streamedWhileStalled = metrics.streamedCounter(topic).count();
            // What the kernel may hold for the socket, plus a frame of 100 records beyond Netty's high water mark.
            double allowance = kernelSendBufferMax() / (double) VALUE.length() + 200;
            assertThat(streamedWhileStalled)
                    .as("events built for a client that reads nothing (allowance %.0f)", allowance)
                    .isLessThan(Math.min(allowance, RECORDS / 2.0));

            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            long expectedOffset = 0;
            String line;
            while (expectedOffset < RECORDS && (line = in.readLine()) != null) {
                if (line.startsWith("id:")) {
                    assertThat(line).isEqualTo("id:0:" + (expectedOffset + 1));
                    expectedOffset++;
                }
            }
            assertThat(expectedOffset).isEqualTo(RECORDS);
        }
    }

    /** The largest send buffer the kernel grows a socket to (tcp_wmem's third field); 4 MiB if unknown. */
    private static long kernelSendBufferMax() {
        try {
            String[] fields = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_wmem"))
                    .trim()
                    .split("\\s+");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return 4L << 20;
        }
    }

    private static void produce(String topic) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers(), "linger.ms", 5),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, VALUE));
            }
            producer.flush();
        }
    }
}
