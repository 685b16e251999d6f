package io.brook.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaBaselineTest {

    private static final Path DATA = Path.of("/data");

    @Test
    void oneNodeIsBrokerAndControllerWithSingleReplicaInternalTopics() {
        String properties = KafkaBaseline.combinedProperties(9092, 9093, DATA);

        assertThat(properties.lines())
                .contains(
                        "process.roles=broker,controller",
                        "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                        "offsets.topic.replication.factor=1",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false");
        assertThat(properties).doesNotContain("log.flush");
    }

    @Test
    void clusterHasADedicatedControllerAndBrokerOnlyNodesOnTheSameQuorum() {
        String controller = KafkaBaseline.controllerProperties(9093, DATA.resolve("controller"));
        String broker2 = KafkaBaseline.brokerProperties(2, 9102, 9093, DATA.resolve("broker-2"));

        assertThat(controller.lines())
                .contains(
                        "process.roles=controller",
                        "node.id=" + KafkaBaseline.CONTROLLER_NODE_ID,
                        "controller.quorum.bootstrap.servers=127.0.0.1:9093",
                        "listeners=CONTROLLER://127.0.0.1:9093",
                        "log.dirs=/data/controller");
        assertThat(broker2.lines())
                .contains(
                        "process.roles=broker",
                        "node.id=2",
                        "controller.quorum.bootstrap.servers=127.0.0.1:9093",
                        "listeners=PLAINTEXT://127.0.0.1:9102",
                        "advertised.listeners=PLAINTEXT://127.0.0.1:9102",
                        "log.dirs=/data/broker-2",
                        "group.initial.rebalance.delay.ms=0");
        // Three brokers keep Kafka's internal-topic defaults (replication factor 3, min ISR 2), and nothing flushes.
        assertThat(broker2).doesNotContain("replication.factor", "min.isr", "log.flush");
        assertThat(controller).doesNotContain("PLAINTEXT://");
    }

    @Test
    void formatsEveryNodeWithTheSameClusterId() {
        assertThat(KafkaBaseline.formatArgs("abc", Path.of("b.properties"), "--no-initial-controllers"))
                .isEqualTo(List.of(
                        "format", "--cluster-id", "abc", "--config", "b.properties", "--no-initial-controllers"));
    }

    @Test
    void describesTheTopologyAndBothJvms() {
        BrokerSettings settings = new BrokerSettings(
                Topology.RF3,
                "cp",
                Path.of("b.jar"),
                Path.of("c.jar"),
                List.of(),
                List.of("-Xmx1g"),
                List.of("-Xmx512m"));

        assertThat(KafkaBaseline.describe(settings))
                .contains("3 broker-only nodes", "dedicated KRaft controller", "no log.flush.* setting")
                .contains("broker JVMs -Xmx1g", "controller JVM -Xmx512m");
    }
}
