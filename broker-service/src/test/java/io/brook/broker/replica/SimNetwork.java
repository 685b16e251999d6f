package io.brook.broker.replica;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The simulation's time and message passing. Time moves only when the test says ({@link #advance}); messages between
 * the controller and brokers are delivered after a random delay (so they are reordered), or dropped, and timers fire
 * when their time comes. Everything runs on the test thread, in (time, sequence) order, so a seed replays exactly.
 *
 * <p>Every event belongs to one process incarnation: a message to its receiver's at sending, a timer to its owner's.
 * An event whose incarnation has ended (the broker restarted) is dropped, as a restart drops connections; an event
 * for a paused broker waits until it resumes.
 */
final class SimNetwork extends Clock {

    static final int CONTROLLER = -1;

    /** The processes events are for. */
    interface Hosts {
        /** The current incarnation of {@code id}; the controller's is always 0. */
        long incarnation(int id);

        boolean isPaused(int id);

        /** Whether {@code id} is cut off from the network. */
        boolean isIsolated(int id);
    }

    private record Event(long atMs, long sequence, int from, int owner, long incarnation, Runnable action)
            implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(atMs, other.atMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }

        boolean isMessage() {
            return from != owner;
        }
    }

    private final Random random;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private Hosts hosts;
    /** Read by the log managers' background threads too. */
    private volatile long nowMs;

    private long sequence;
    private double dropRate;
    private int maxDelayMs;
    private long sent;
    private long dropped;

    SimNetwork(Random random, long startMs, double dropRate, int maxDelayMs) {
        this.random = random;
        this.nowMs = startMs;
        this.dropRate = dropRate;
        this.maxDelayMs = maxDelayMs;
    }

    void hosts(Hosts processes) {
        this.hosts = processes;
    }

    /** No more drops, short delays: the network heals. */
    void heal() {
        dropRate = 0;
        maxDelayMs = Math.min(maxDelayMs, 5);
    }

    long nowMs() {
        return nowMs;
    }

    void advance(long ms) {
        nowMs += ms;
    }

    /** Sends {@code action} from {@code from} to run at {@code to} (its current incarnation), unless lost. */
    void send(int from, int to, Runnable action) {
        sent++;
        if (random.nextDouble() < dropRate || hosts.isIsolated(from) || hosts.isIsolated(to)) {
            dropped++;
            return;
        }
        long delay = 1 + random.nextInt(maxDelayMs);
        events.add(new Event(nowMs + delay, sequence++, from, to, hosts.incarnation(to), action));
    }

    /** Runs {@code action} at {@code owner} after {@code delayMs}, if its incarnation still lives then. */
    void timer(int owner, long delayMs, Runnable action) {
        events.add(new Event(nowMs + Math.max(1, delayMs), sequence++, owner, owner, hosts.incarnation(owner), action));
    }

    /** Runs every event due by now. */
    void runDue() {
        List<Event> deferred = new ArrayList<>();
        while (!events.isEmpty() && events.peek().atMs() <= nowMs) {
            Event event = events.poll();
            if (hosts.incarnation(event.owner()) != event.incarnation()) {
                continue;
            }
            if (event.isMessage() && (hosts.isIsolated(event.owner()) || hosts.isIsolated(event.from()))) {
                dropped++;
                continue;
            }
            if (hosts.isPaused(event.owner())) {
                deferred.add(event);
                continue;
            }
            event.action().run();
        }
        for (Event event : deferred) {
            events.add(
                    new Event(nowMs + 1, sequence++, event.from(), event.owner(), event.incarnation(), event.action()));
        }
    }

    String stats() {
        return sent + " messages sent, " + dropped + " dropped";
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
