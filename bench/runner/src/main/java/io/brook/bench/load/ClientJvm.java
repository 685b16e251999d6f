package io.brook.bench.load;

import io.brook.bench.process.ChildProcess;
import io.brook.bench.process.JavaCommand;
import java.nio.file.Path;
import java.util.List;

/**
 * How load tools are started: each measurement runs in a fresh JVM with the same options, so no client is warmer
 * than another and the order of the runs does not favour either broker.
 *
 * @param classpath the classpath of the tool (Kafka's tools classpath, or the runner's own)
 * @param jvmOptions the same for every client JVM
 */
public record ClientJvm(String classpath, List<String> jvmOptions) {

    public ClientJvm {
        jvmOptions = List.copyOf(jvmOptions);
    }

    public ChildProcess start(String name, String mainClass, List<String> args, Path logFile) {
        return ChildProcess.start(
                name,
                JavaCommand.java()
                        .jvmOptions(jvmOptions)
                        .main(classpath, mainClass)
                        .args(args),
                logFile);
    }
}
