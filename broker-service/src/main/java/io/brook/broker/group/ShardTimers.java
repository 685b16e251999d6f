package io.brook.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A shard's timers, by key (one per member session, one per group rebalance phase, one for offset expiry):
 * scheduling a key again replaces its previous timer. A timer that fires hands its task to the shard's executor
 * and runs there as an operation of its own, unless it was cancelled or replaced meanwhile.
 *
 * <p>Confined to the shard's thread (the scheduler's thread only enqueues onto the shard's executor).
 */
final class ShardTimers {

    /** Runs a timer task as a shard operation (building, appending and answering its result). */
    interface Runner {
        void run(Consumer<CoordinatorResult> task);
    }

    private final GroupScheduler scheduler;
    private final Executor shardExecutor;
    private final Runner runner;
    private final Map<String, Timer> timers = new HashMap<>();

    private static final class Timer {
        GroupScheduler.Cancellable handle;
    }

    ShardTimers(GroupScheduler scheduler, Executor shardExecutor, Runner runner) {
        this.scheduler = scheduler;
        this.shardExecutor = shardExecutor;
        this.runner = runner;
    }

    void schedule(String key, long delayMs, Consumer<CoordinatorResult> task) {
        cancel(key);
        Timer timer = new Timer();
        timers.put(key, timer);
        timer.handle = scheduler.schedule(
                Math.max(0, delayMs),
                () -> shardExecutor.execute(() -> {
                    if (timers.get(key) == timer) {
                        timers.remove(key);
                        runner.run(task);
                    }
                }));
    }

    void cancel(String key) {
        Timer timer = timers.remove(key);
        if (timer != null && timer.handle != null) {
            timer.handle.cancel();
        }
    }

    boolean isScheduled(String key) {
        return timers.containsKey(key);
    }

    void cancelAll() {
        timers.values().forEach(t -> {
            if (t.handle != null) {
                t.handle.cancel();
            }
        });
        timers.clear();
    }

    static String sessionKey(String groupId, String memberId) {
        return "session:" + groupId + ":" + memberId;
    }

    static String joinKey(String groupId) {
        return "join:" + groupId;
    }

    static String syncKey(String groupId) {
        return "sync:" + groupId;
    }
}
