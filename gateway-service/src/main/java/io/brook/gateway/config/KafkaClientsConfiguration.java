package io.brook.gateway.config;

import io.brook.gateway.produce.ProducerPool;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's shared Kafka clients. Readers create their own consumers (see {@code consume}). */
@Configuration(proxyBeanMethods = false)
public class KafkaClientsConfiguration {

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(GatewayProperties properties) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                properties.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                properties.clientId() + "-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000));
    }

    @Bean(destroyMethod = "close")
    ProducerPool producerPool(GatewayProperties properties) {
        return new ProducerPool(properties);
    }
}
