package io.brook.broker.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * A consumer group member in a child JVM, so a test can kill it the way a machine dies: {@link #kill()} is SIGKILL,
 * the consumer sends no LeaveGroup and its connections simply stop, and only the session timeout tells the
 * coordinator it is gone.
 *
 * <p>The child runs {@link #main} on the test class path: it subscribes with {@link Clients#groupConsumerConfig} (the
 * classic protocol) or {@link Clients#consumerProtocolConfig} (the consumer protocol, KIP-848), polls, commits after every poll that returned records, and after each poll that changed its assignment replaces a
 * state file with {@code <generation>;<topic>-<partition>,...}, which the test reads (on the consumer protocol the
 * generation is the member epoch). It exits when its standard
 * input closes, so it never outlives the test JVM.
 */
final class ChildGroupMember implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    /** The last argument of {@link #main} that selects the consumer protocol instead of a session timeout. */
    private static final String CONSUMER_PROTOCOL = "consumer";

    /** The member as the child last reported it: its generation and partitions. */
    record State(int generation, Set<TopicPartition> assignment) {

        static final State NONE = new State(-1, Set.of());
    }

    private final Process process;
    private final Path stateFile;

    private ChildGroupMember(Process process, Path stateFile) {
        this.process = process;
        this.stateFile = stateFile;
    }

    /**
     * Starts a child JVM whose consumer joins {@code groupId} on {@code topic} with the classic protocol and the given
     * session timeout.
     */
    static ChildGroupMember start(Path dir, String bootstrap, String groupId, String topic, int sessionTimeoutMs) {
        return start(dir, bootstrap, groupId, topic, Integer.toString(sessionTimeoutMs));
    }

    /**
     * Starts a child JVM whose consumer joins {@code groupId} on {@code topic} with the consumer protocol, where the
     * broker decides the session timeout.
     */
    static ChildGroupMember startOnConsumerProtocol(Path dir, String bootstrap, String groupId, String topic) {
        return start(dir, bootstrap, groupId, topic, CONSUMER_PROTOCOL);
    }

    private static ChildGroupMember start(Path dir, String bootstrap, String groupId, String topic, String session) {
        Path stateFile = dir.resolve(groupId + "-member.state");
        Path logFile = dir.resolve(groupId + "-member.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ChildGroupMember.class.getName(),
                bootstrap,
                groupId,
                topic,
                stateFile.toAbsolutePath().toString(),
                session);
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ChildGroupMember(process, stateFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the child group member", e);
        }
    }

    /** What the child last reported, {@link State#NONE} before its first assignment. */
    State state() {
        if (!process.isAlive()) {
            throw new AssertionError("the child group member exited with " + process.exitValue());
        }
        try {
            if (!Files.exists(stateFile)) {
                return State.NONE;
            }
            return parse(Files.readString(stateFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the consumer dies without leaving the group. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the child group member did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /**
     * Arguments: {@code <bootstrap> <group-id> <topic> <state-file> <session-timeout-ms>} for the classic protocol,
     * or {@code consumer} instead of the session timeout for the consumer protocol.
     */
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String groupId = args[1];
        String topic = args[2];
        Path stateFile = Path.of(args[3]);
        exitWhenParentGoes();
        Map<String, Object> clientId = Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "child-" + groupId);
        Map<String, Object> config;
        if (args[4].equals(CONSUMER_PROTOCOL)) {
            config = Clients.consumerProtocolConfig(bootstrap, groupId, clientId);
        } else {
            Map<String, Object> overrides = new HashMap<>(clientId);
            overrides.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.parseInt(args[4]));
            config = Clients.groupConsumerConfig(bootstrap, groupId, overrides);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            State reported = State.NONE;
            while (true) {
                if (!consumer.poll(POLL).isEmpty()) {
                    try {
                        consumer.commitSync(Duration.ofSeconds(10));
                    } catch (RebalanceInProgressException | CommitFailedException rebalancing) {
                        // The next owner of these partitions reads them again from the last committed offsets.
                    }
                }
                State now = new State(consumer.groupMetadata().generationId(), Set.copyOf(consumer.assignment()));
                if (!now.equals(reported)) {
                    write(stateFile, now);
                    reported = now;
                }
            }
        }
    }

    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(
                () -> {
                    try (InputStream in = System.in) {
                        while (in.read() >= 0) {
                            // Nothing is sent; end of input means the test JVM is gone.
                        }
                    } catch (IOException ignored) {
                        // Treated as end of input.
                    }
                    Runtime.getRuntime().halt(3);
                },
                "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void write(Path stateFile, State state) throws IOException {
        String partitions = state.assignment().stream()
                .map(TopicPartition::toString)
                .sorted()
                .collect(Collectors.joining(","));
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        Files.writeString(tmp, state.generation() + ";" + partitions, StandardCharsets.UTF_8);
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static State parse(String text) {
        int semicolon = text.indexOf(';');
        int generation = Integer.parseInt(text.substring(0, semicolon));
        String list = text.substring(semicolon + 1);
        if (list.isEmpty()) {
            return new State(generation, Set.of());
        }
        Set<TopicPartition> partitions = Arrays.stream(list.split(","))
                .map(name -> {
                    int dash = name.lastIndexOf('-');
                    return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
                })
                .collect(Collectors.toUnmodifiableSet());
        return new State(generation, partitions);
    }
}
