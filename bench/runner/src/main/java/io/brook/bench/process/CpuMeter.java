package io.brook.bench.process;

import io.brook.bench.BenchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the CPU time a process has used so far (user + system, all its threads) from {@code /proc/<pid>/stat}.
 *
 * <p>{@code utime} and {@code stime} are fields 14 and 15 of that line, in clock ticks; the tick rate comes from
 * {@code getconf CLK_TCK}. The second field (the command name) is in parentheses and may itself contain spaces or
 * parentheses, so fields are counted from the last {@code ')'}. Linux only. Stateless and thread-safe.
 */
public final class CpuMeter {

    /** Fields after the command name start at field 3 ({@code state}); utime is field 14, stime field 15. */
    private static final int UTIME_AFTER_COMM = 14 - 3;

    private static final int STIME_AFTER_COMM = 15 - 3;

    private final long ticksPerSecond;

    CpuMeter(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** A meter using this machine's clock tick rate. */
    public static CpuMeter forThisMachine() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            if (!getconf.waitFor(10, TimeUnit.SECONDS)) {
                getconf.destroyForcibly();
                throw new BenchException("getconf CLK_TCK did not answer within 10 s");
            }
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return new CpuMeter(Long.parseLong(out));
        } catch (IOException | NumberFormatException e) {
            throw new BenchException("cannot read the clock tick rate with getconf CLK_TCK: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running getconf CLK_TCK", e);
        }
    }

    /** CPU seconds (user + system) process {@code pid} has used since it started. */
    public double cpuSeconds(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            return ticks(Files.readString(stat, StandardCharsets.US_ASCII)) / (double) ticksPerSecond;
        } catch (IOException e) {
            throw new BenchException("cannot read " + stat + " (has process " + pid + " exited?)", e);
        }
    }

    /** CPU seconds the processes {@code pids} have used together since they started (a cluster's JVMs). */
    public double cpuSeconds(List<Long> pids) {
        double seconds = 0;
        for (long pid : pids) {
            seconds += cpuSeconds(pid);
        }
        return seconds;
    }

    /** utime + stime in clock ticks, from the content of a {@code /proc/<pid>/stat} file. */
    static long ticks(String statLine) {
        int commEnd = statLine.lastIndexOf(')');
        if (commEnd < 0) {
            throw new BenchException("not a /proc/<pid>/stat line: " + statLine);
        }
        String[] fields = statLine.substring(commEnd + 1).trim().split("\\s+");
        if (fields.length <= STIME_AFTER_COMM) {
            throw new BenchException("too few fields in /proc/<pid>/stat line: " + statLine);
        }
        return Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[STIME_AFTER_COMM]);
    }
}
