package io.brook.gateway.produce;

import io.brook.gateway.config.GatewayProperties;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One shared producer per {@link Acks} level, created on first use. Producers are thread-safe and
 * batch across requests, so every request of the gateway shares them. {@code acks=all} is idempotent.
 */
public final class ProducerPool implements AutoCloseable {

    private final GatewayProperties properties;
    private final Map<Acks, Producer<byte[], byte[]>> producers = new EnumMap<>(Acks.class);
    private boolean closed;

    public ProducerPool(GatewayProperties properties) {
        this.properties = properties;
    }

    /** The producer for {@code acks}. */
    public synchronized Producer<byte[], byte[]> producer(Acks acks) {
        if (closed) {
            throw new IllegalStateException("The gateway is shutting down");
        }
        return producers.computeIfAbsent(acks, this::create);
    }

    private Producer<byte[], byte[]> create(Acks acks) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, properties.clientId() + "-producer-acks-" + acks.config());
        config.put(ProducerConfig.ACKS_CONFIG, acks.config());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, acks == Acks.ALL);
        config.put(ProducerConfig.LINGER_MS_CONFIG, properties.produce().lingerMs());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        // Unknown topics are refused before a send (TopicCatalog); this bounds a send racing a deletion.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // Must cover linger plus request timeout; a record is answered (offset or error) within it.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    @Override
    public synchronized void close() {
        closed = true;
        producers.values().forEach(Producer::close);
        producers.clear();
    }
}
