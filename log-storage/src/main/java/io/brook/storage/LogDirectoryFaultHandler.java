package io.brook.storage;

import io.brook.storage.errors.LogDirectoryOfflineException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a fatal storage fault is handled: the first I/O error on the data directory takes it offline, is
 * logged once, and tells the listeners (the log manager fails pending flushes). Afterwards every write throws
 * {@link LogDirectoryOfflineException}; reads of files already open keep working.
 *
 * <p>Thread-safe.
 */
final class LogDirectoryFaultHandler {

    private static final Logger log = LoggerFactory.getLogger(LogDirectoryFaultHandler.class);

    private final Path dataDir;
    private final AtomicBoolean offline = new AtomicBoolean();
    private final List<Runnable> offlineListeners = new CopyOnWriteArrayList<>();

    LogDirectoryFaultHandler(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Takes the directory offline and returns the exception for the caller to throw. */
    LogDirectoryOfflineException handle(String operation, Throwable cause) {
        if (offline.compareAndSet(false, true)) {
            log.error("Log directory {} is offline after an I/O error while {}", dataDir, operation, cause);
            offlineListeners.forEach(Runnable::run);
        }
        return new LogDirectoryOfflineException(
                "log directory " + dataDir + " went offline while " + operation + ": " + cause, cause);
    }

    void ensureOnline() {
        if (offline.get()) {
            throw new LogDirectoryOfflineException("log directory " + dataDir + " is offline");
        }
    }

    boolean isOffline() {
        return offline.get();
    }

    void onOffline(Runnable listener) {
        offlineListeners.add(listener);
    }
}
