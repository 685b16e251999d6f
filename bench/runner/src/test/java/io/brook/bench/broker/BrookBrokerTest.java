package io.brook.bench.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrookBrokerTest {

    @Test
    void aBrokerAloneGetsNoClusterArguments() {
        assertThat(BrookBroker.brokerArgs(9092, 9644, Path.of("/data"), List.of(), List.of("--x=1")))
                .containsExactly(
                        "--brook.broker.port=9092",
                        "--brook.broker.data-dir=/data",
                        "--server.port=9644",
                        "--brook.broker.group-initial-rebalance-delay=0ms",
                        "--x=1");
    }

    @Test
    void clusterBrokersJoinTheControllerWithTheirNodeIdAndExtraArgumentsLast() {
        List<String> args = BrookBroker.brokerArgs(
                9102, 9645, Path.of("/data/broker-2"), BrookBroker.clusterArgs(2, 9191), List.of("--x=1"));

        assertThat(args)
                .containsSubsequence(
                        "--brook.broker.port=9102",
                        "--brook.broker.node-id=2",
                        "--brook.broker.cluster.controllers=http://127.0.0.1:9191",
                        "--x=1");
    }

    @Test
    void theControllerIsTheOnlyVoterOfItsQuorum() {
        assertThat(BrookBroker.controllerArgs(9190, 9191, Path.of("/data/controller")))
                .containsExactly(
                        "--brook.controller.node-id=1",
                        "--brook.controller.voters=1@127.0.0.1:9190:9191",
                        "--brook.controller.data-dir=/data/controller",
                        "--server.port=9191");
    }

    @Test
    void describesBothJarsAndJvms() {
        BrokerSettings settings = new BrokerSettings(
                Topology.RF3,
                "cp",
                Path.of("b.jar"),
                Path.of("c.jar"),
                List.of(),
                List.of("-Xmx1g"),
                List.of("-Xmx512m"));

        assertThat(BrookBroker.describe(settings))
                .contains("3 brokers b.jar joined to 1 controller c.jar", "default flush policy")
                .contains("broker JVMs -Xmx1g", "controller JVM -Xmx512m");
        assertThat(BrookBroker.describe(new BrokerSettings("cp", Path.of("b.jar"), List.of(), List.of("-Xmx1g"))))
                .startsWith("Brook b.jar, --brook.broker.group-initial-rebalance-delay=0ms");
    }
}
