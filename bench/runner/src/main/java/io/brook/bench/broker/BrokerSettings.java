package io.brook.bench.broker;

import java.nio.file.Path;
import java.util.List;

/**
 * What it takes to start either broker, alone or as a cluster.
 *
 * @param topology one broker, or three brokers and a controller
 * @param kafkaClasspath the Apache Kafka server and tools classpath
 * @param brookJar broker-service's executable jar
 * @param brookControllerJar controller-service's executable jar (used by replicated topologies only)
 * @param brookArgs extra arguments for every Brook broker (Spring properties such as its flush policy)
 * @param jvmOptions the JVM options of every broker, the same for both
 * @param controllerJvmOptions the JVM options of the controller of a replicated topology, the same for both
 */
public record BrokerSettings(
        Topology topology,
        String kafkaClasspath,
        Path brookJar,
        Path brookControllerJar,
        List<String> brookArgs,
        List<String> jvmOptions,
        List<String> controllerJvmOptions) {

    public BrokerSettings {
        brookArgs = List.copyOf(brookArgs);
        jvmOptions = List.copyOf(jvmOptions);
        controllerJvmOptions = List.copyOf(controllerJvmOptions);
    }

    /** Settings for one broker alone, without a controller. */
    public BrokerSettings(String kafkaClasspath, Path brookJar, List<String> brookArgs, List<String> jvmOptions) {
        this(Topology.SINGLE, kafkaClasspath, brookJar, null, brookArgs, jvmOptions, List.of());
    }
}
