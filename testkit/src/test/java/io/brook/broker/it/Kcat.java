package io.brook.broker.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the kcat binary (librdkafka's command-line client, Debian package {@code kcat}) as a second, non-Java client.
 * Input and output go through files in the test's folder, so a run never blocks on a full pipe.
 */
final class Kcat {

    private static final long TIMEOUT_SECONDS = 60;

    /** The output of one finished kcat run. */
    record Run(int exitCode, String stdout, String stderr) {}

    private final String binary;
    private final Path workDir;

    private Kcat(String binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** Finds kcat on the PATH; fails the test with how to install it when it is missing. */
    static Kcat locate(Path workDir) {
        String binary = findOnPath("kcat")
                .orElseThrow(
                        () -> new AssertionError(
                                "kcat is not installed: this test needs the kcat binary on the PATH (apt-get install -y kcat)"));
        return new Kcat(binary, workDir);
    }

    /** Runs kcat with {@code stdin} as its input ("" for none) and waits for it to exit. */
    Run run(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(List.of(args));
        Path input = Files.createTempFile(workDir, "kcat-in", ".txt");
        Path stdout = Files.createTempFile(workDir, "kcat-out", ".txt");
        Path stderr = Files.createTempFile(workDir, "kcat-err", ".txt");
        Files.writeString(input, stdin);
        Process process = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError("kcat " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS
                    + " s; stdout: " + Files.readString(stdout) + "; stderr: " + Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private static Optional<String> findOnPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        try (Stream<String> dirs = Stream.of(path.split(File.pathSeparator))) {
            return dirs.filter(dir -> !dir.isBlank())
                    .map(dir -> Path.of(dir, binary))
                    .filter(Files::isExecutable)
                    .map(Path::toString)
                    .findFirst();
        }
    }
}
