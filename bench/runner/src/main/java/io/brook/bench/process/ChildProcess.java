package io.brook.bench.process;

import io.brook.bench.BenchException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the runner (a broker or a load tool) whose stdout and stderr go to a log file.
 *
 * <p>Every child is registered while it may be alive, and a shutdown hook kills the ones left, so a run that fails or
 * is interrupted with Ctrl-C leaves no broker behind. The first line of the log file is the command line. An instance
 * is used by one thread; the registry is thread-safe.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "bench-child-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command}, appending its output to {@code logFile} (created with its directories). */
    public static ChildProcess start(String name, JavaCommand command, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(logFile, "$ " + command.display() + System.lineSeparator(), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(command.toList())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            ChildProcess child = new ChildProcess(name, process, logFile);
            LIVE.add(child);
            return child;
        } catch (IOException e) {
            throw new BenchException("cannot start " + name + " (log " + logFile + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits for the child to exit and returns its exit code; kills it and throws if it runs longer than
     * {@code timeout}.
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new BenchException(
                        name + " did not finish within " + timeout.toSeconds() + " s and was killed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new BenchException("interrupted while waiting for " + name, e);
        }
        LIVE.remove(this);
        return process.exitValue();
    }

    /** Waits for the child to exit and throws unless it exited with status 0. */
    public void awaitSuccess(Duration timeout) {
        int status = awaitExit(timeout);
        if (status != 0) {
            throw new BenchException(name + " exited with status " + status + "; see " + logFile);
        }
    }

    /** Everything the child has written so far, line by line (malformed bytes replaced). */
    public List<String> outputLines() {
        try {
            return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new BenchException("cannot read the output of " + name + " from " + logFile, e);
        }
    }

    /** Stops the child: SIGTERM, then SIGKILL if it has not exited after a grace period. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        LIVE.remove(this);
    }

    /**
     * Stops several children at once: SIGTERM to every one, then one shared grace period, then SIGKILL for those
     * still running. A cluster's nodes shut down in parallel rather than one grace period after another.
     */
    public static void closeAll(List<ChildProcess> children) {
        children.stream().filter(c -> c.process.isAlive()).forEach(c -> c.process.destroy());
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ChildProcess child : children) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    child.kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.kill();
            }
            LIVE.remove(child);
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    private static void killAll() {
        for (ChildProcess child : List.copyOf(LIVE)) {
            child.kill();
        }
    }
}
