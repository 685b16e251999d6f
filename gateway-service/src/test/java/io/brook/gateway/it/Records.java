package io.brook.gateway.it;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes test records with a real Kafka producer, straight to the shared broker. */
public final class Records {

    private Records() {}

    /** Writes {@code count} records {@code prefix-i} round robin over {@code partitions}; waits for all. */
    public static void produce(String topic, int partitions, String prefix, int count) {
        produce(topic, partitions, prefix, count, null);
    }

    /** As {@link #produce(String, int, String, int)}, every record stamped {@code timestamp} (null: now). */
    public static void produce(String topic, int partitions, String prefix, int count, Long timestamp) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers(), "linger.ms", 1),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(
                        topic, i % partitions, timestamp, "k" + i, "\"" + prefix + "-" + i + "\""));
            }
            producer.flush();
        }
    }

    /** Writes one record and waits for it. */
    public static void produceOne(String topic, int partition, String key, String jsonValue) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, jsonValue))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
