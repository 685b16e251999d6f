package io.brook.broker.metadata;

/** A broker's identity and Kafka listener address. */
public record BrokerImage(int id, String host, int port, String rack) {}
