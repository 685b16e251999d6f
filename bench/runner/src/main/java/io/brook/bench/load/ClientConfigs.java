package io.brook.bench.load;

import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The client settings of the runner's own load clients, in one place so both brokers get exactly the same. Java
 * client defaults except where noted.
 */
final class ClientConfigs {

    private ClientConfigs() {}

    /**
     * An assign-mode consumer: no {@code group.id}, so no group coordinator and no offset commits; positions come
     * from ListOffsets. Fetch settings are the defaults (fetch.min.bytes=1, fetch.max.wait.ms=500).
     */
    static Properties consumer(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** All partitions of {@code topic}, for {@code assign}. */
    static List<TopicPartition> assignment(String topic, int partitions) {
        return IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
    }

    /**
     * The latency producer: linger.ms=0, because a lone record would otherwise wait out the default 5 ms linger and
     * the number would measure the client's timer rather than the broker (Kafka's EndToEndLatency tool sets
     * linger.ms=0 too). {@code acks} is 1 for one broker, all for a replicated topology.
     */
    static Properties latencyProducer(String bootstrapServers, String acks) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-latency-producer");
        props.put(ProducerConfig.ACKS_CONFIG, acks);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
