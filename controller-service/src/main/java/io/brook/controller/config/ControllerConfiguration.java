package io.brook.controller.config;

import io.brook.controller.api.LeaderForwardingFilter;
import io.brook.controller.control.AdminOperations;
import io.brook.controller.control.BrokerLifecycleManager;
import io.brook.controller.control.LeaderBalancer;
import io.brook.controller.quorum.ControllerQuorum;
import io.brook.controller.quorum.QuorumConfig;
import io.brook.controller.quorum.Voter;
import java.io.IOException;
import java.time.Clock;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Builds the engines from {@link ControllerProperties}: the quorum (its Raft server starts here and stops when the
 * context closes), broker lifecycle, admin operations and the session-check task.
 */
@Configuration(proxyBeanMethods = false)
public class ControllerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ControllerConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock controllerClock() {
        return Clock.systemUTC();
    }

    /**
     * Event loops of this application's own, not Reactor Netty's global ones: several controllers run in one JVM in
     * tests and the testkit, and closing one must not dispose the loops the others serve on.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory factory = new ReactorResourceFactory();
        factory.setUseGlobalResources(false);
        return factory;
    }

    @Bean(destroyMethod = "close")
    ControllerQuorum controllerQuorum(ControllerProperties properties, Environment environment) throws IOException {
        QuorumConfig config = quorumConfig(properties);
        Integer serverPort = environment.getProperty("server.port", Integer.class);
        if (serverPort != null && serverPort != 0 && serverPort != config.self().httpPort()) {
            log.warn(
                    "server.port is {} but voter {} announces HTTP port {}; brokers will be sent to the latter",
                    serverPort,
                    config.nodeId(),
                    config.self().httpPort());
        }
        return ControllerQuorum.start(config);
    }

    @Bean
    BrokerLifecycleManager brokerLifecycleManager(
            ControllerQuorum quorum, Clock controllerClock, ControllerProperties properties) {
        return new BrokerLifecycleManager(quorum, controllerClock, properties.sessionTimeout());
    }

    @Bean
    AdminOperations adminOperations(ControllerQuorum quorum, ControllerProperties properties) {
        return new AdminOperations(
                quorum,
                () -> Uuid.randomUuid().toString(),
                properties.defaultPartitions(),
                properties.defaultReplicationFactor());
    }

    @Bean
    PeriodicTask sessionCheckTask(BrokerLifecycleManager lifecycle, ControllerProperties properties) {
        return new PeriodicTask(
                "brook-session-check-" + properties.nodeId(),
                properties.sessionCheckInterval(),
                lifecycle::checkSessions);
    }

    @Bean
    LeaderForwardingFilter leaderForwardingFilter(ControllerQuorum quorum, ControllerProperties properties) {
        return new LeaderForwardingFilter(
                quorum::isLeader,
                quorum::leaderHttpUrl,
                properties.nodeId(),
                properties.raft().requestTimeout().plusSeconds(2));
    }

    @Bean
    PeriodicTask leaderBalanceTask(ControllerQuorum quorum, AdminOperations admin, ControllerProperties properties) {
        var balancer = new LeaderBalancer(quorum, admin);
        return new PeriodicTask(
                "brook-leader-balance-" + properties.nodeId(), properties.leaderBalanceInterval(), balancer::rebalance);
    }

    static QuorumConfig quorumConfig(ControllerProperties properties) {
        return new QuorumConfig(
                properties.nodeId(),
                properties.clusterId(),
                Voter.parseList(properties.voters()),
                properties.dataDir(),
                properties.raft().electionTimeoutMin(),
                properties.raft().electionTimeoutMax(),
                properties.raft().requestTimeout(),
                properties.snapshotThreshold(),
                properties.recentRecords());
    }
}
