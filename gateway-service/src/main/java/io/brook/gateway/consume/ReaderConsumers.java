package io.brook.gateway.consume;

import io.brook.gateway.config.GatewayProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.stereotype.Component;

/** Creates the assign-mode consumers (no group, no commits) that tails and catch-up readers use. */
@Component
public class ReaderConsumers {

    private final GatewayProperties properties;
    private final AtomicInteger sequence = new AtomicInteger();

    public ReaderConsumers(GatewayProperties properties) {
        this.properties = properties;
    }

    /** A new consumer; {@code role} names it in the broker's logs and metrics. */
    public Consumer<byte[], byte[]> create(String role, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG, properties.clientId() + "-" + role + "-" + sequence.incrementAndGet());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A reader whose offset fell below the log start (retention) continues at the earliest record.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
