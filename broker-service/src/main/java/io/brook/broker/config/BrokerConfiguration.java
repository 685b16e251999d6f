package io.brook.broker.config;

import io.brook.broker.BrokerConfig;
import io.brook.broker.BrokerServer;
import io.brook.broker.cluster.ClusterConfig;
import io.brook.broker.network.NetworkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the broker from {@link BrokerProperties}, starts it with the application and stops it on shutdown. */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    @Bean
    BrokerConfig brokerConfig(BrokerProperties properties) {
        int cores = Runtime.getRuntime().availableProcessors();
        String advertised = properties.advertisedHost() == null
                        || properties.advertisedHost().isBlank()
                ? properties.host()
                : properties.advertisedHost();
        return new BrokerConfig(
                properties.nodeId(),
                new NetworkConfig(
                        properties.host(),
                        properties.port(),
                        (int) Math.min(
                                Integer.MAX_VALUE, properties.maxRequestSize().toBytes()),
                        properties.networkThreads() > 0 ? properties.networkThreads() : cores,
                        64),
                advertised,
                properties.dataDir(),
                properties.requestThreads() > 0 ? properties.requestThreads() : Math.max(2, cores),
                properties.autoCreateTopics(),
                properties.defaultPartitions(),
                properties.topicDefaults() == null ? Map.of() : properties.topicDefaults(),
                properties.retentionCheckInterval().toMillis(),
                properties.fileDeleteDelay().toMillis(),
                properties.offsetsTopicPartitions(),
                properties.groupInitialRebalanceDelay().toMillis(),
                properties.offsetsRetention().toMillis(),
                (int) properties.groupMinSessionTimeout().toMillis(),
                (int) properties.groupMaxSessionTimeout().toMillis(),
                (int) properties.groupConsumerSessionTimeout().toMillis(),
                (int) properties.groupConsumerHeartbeatInterval().toMillis(),
                clusterConfig(properties.cluster()));
    }

    private static ClusterConfig clusterConfig(BrokerProperties.Cluster cluster) {
        return new ClusterConfig(
                cluster.controllers() == null ? List.of() : cluster.controllers(),
                cluster.rack() == null || cluster.rack().isBlank() ? null : cluster.rack(),
                (int) cluster.heartbeatInterval().toMillis(),
                (int) cluster.controllerRequestTimeout().toMillis(),
                cluster.replicaLagTimeMax().toMillis(),
                (int) cluster.replicaFetchWaitMax().toMillis(),
                (int) Math.min(Integer.MAX_VALUE, cluster.replicaFetchMaxBytes().toBytes()),
                cluster.offsetsTopicReplicationFactor());
    }

    @Bean
    BrokerServer brokerServer(BrokerConfig config, MeterRegistry registry) {
        return new BrokerServer(config, registry, Clock.systemUTC());
    }

    @Bean
    SmartLifecycle brokerLifecycle(BrokerServer broker) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                broker.start();
            }

            @Override
            public void stop() {
                broker.close();
            }

            @Override
            public boolean isRunning() {
                return broker.isServing();
            }
        };
    }

    @Bean
    HealthIndicator kafkaListenerHealth(BrokerServer broker) {
        return () -> broker.isServing()
                ? Health.up()
                        .withDetail("kafkaListener", broker.kafkaAddress().toString())
                        .build()
                : Health.down().withDetail("kafkaListener", "not bound").build();
    }
}
