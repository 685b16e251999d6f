package io.brook.bench.gateway;

import io.brook.bench.process.CpuMeter;

/**
 * CPU seconds a few processes (this client, the gateway, the broker) use over one measured window, read from
 * {@code /proc} by {@link CpuMeter}. A pid of 0 is skipped (reads as 0). Used by one thread.
 */
final class CpuWindow {

    private final CpuMeter meter = CpuMeter.forThisMachine();
    private final long[] pids;
    private final double[] start;

    CpuWindow(long... pids) {
        this.pids = pids.clone();
        this.start = read();
    }

    /** CPU milliseconds each process used since this window was opened, in the order of the pids. */
    long[] elapsedMillis() {
        double[] now = read();
        long[] millis = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            millis[i] = Math.round((now[i] - start[i]) * 1000);
        }
        return millis;
    }

    private double[] read() {
        double[] seconds = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            seconds[i] = pids[i] == 0 ? 0 : meter.cpuSeconds(pids[i]);
        }
        return seconds;
    }
}
