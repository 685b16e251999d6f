package io.brook.bench.broker;

import java.nio.file.Path;
import java.util.List;

/**
 * What it takes to start either broker.
 *
 * @param kafkaClasspath the Apache Kafka server and tools classpath
 * @param brookJar broker-service's executable jar
 * @param brookArgs extra arguments for Brook (Spring properties such as its flush policy)
 * @param jvmOptions the JVM options of every broker, the same for both
 */
public record BrokerSettings(String kafkaClasspath, Path brookJar, List<String> brookArgs, List<String> jvmOptions) {

    public BrokerSettings {
        brookArgs = List.copyOf(brookArgs);
        jvmOptions = List.copyOf(jvmOptions);
    }
}
