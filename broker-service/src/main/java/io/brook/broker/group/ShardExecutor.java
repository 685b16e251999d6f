package io.brook.broker.group;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one shard's tasks one at a time, in submission order, on a pool shared by all shards, so each shard is
 * single-threaded while shards proceed in parallel. Thread-safe. Invariant: at most one task runs at any time, and
 * each task sees everything earlier tasks did (the hand-over goes through the queue's lock).
 */
final class ShardExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(ShardExecutor.class);

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    ShardExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.error("Group coordinator task failed", e);
            }
        }
    }
}
