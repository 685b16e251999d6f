package io.brook.storage;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the storage engine's threads ({@code brook-<role>-<n>}) and makes them daemons. Thread-safe. */
final class StorageThreads {

    private StorageThreads() {}

    static ThreadFactory named(String role) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "brook-" + role + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
