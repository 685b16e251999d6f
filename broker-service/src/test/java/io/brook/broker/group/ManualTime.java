package io.brook.broker.group;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A clock and scheduler that only move when a test says so; due tasks run in time order on the caller's thread. */
final class ManualTime extends Clock implements GroupScheduler {

    private long nowMs;
    private long sequence;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();

    private final class Task implements Comparable<Task>, Cancellable {
        final long dueMs;
        final long order = sequence++;
        final Runnable runnable;
        boolean cancelled;

        Task(long dueMs, Runnable runnable) {
            this.dueMs = dueMs;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task other) {
            return dueMs != other.dueMs ? Long.compare(dueMs, other.dueMs) : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    ManualTime(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Task t = new Task(nowMs + delayMs, task);
        tasks.add(t);
        return t;
    }

    /** Moves time forward, running every task that falls due on the way, at its due time. */
    void advance(long ms) {
        long target = nowMs + ms;
        while (!tasks.isEmpty() && tasks.peek().dueMs <= target) {
            Task t = tasks.poll();
            nowMs = Math.max(nowMs, t.dueMs);
            if (!t.cancelled) {
                t.runnable.run();
            }
        }
        nowMs = target;
    }

    @Override
    public long millis() {
        return nowMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMs);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
