package io.brook.broker.execution;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool. A connection's requests and a group
 * coordinator shard's operations each get one, so each is single-threaded while all of them share the pool's
 * threads.
 *
 * <p>Thread-safe. Invariants: at most one task of this executor runs at any time; each task sees everything
 * earlier tasks did (the hand-over goes through the queue's lock); a task that throws is logged and does not stop
 * the ones after it.
 */
public final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final String name;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    /** @param name what the tasks belong to, for the log line of a failed task */
    public SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
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
                log.error("Task of {} failed", name, e);
            }
        }
    }
}
