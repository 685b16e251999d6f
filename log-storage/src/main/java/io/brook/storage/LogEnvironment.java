package io.brook.storage;

import java.time.Clock;

/**
 * What the log manager shares with each of its partition logs: time, the flusher, the delayed deleter, the
 * fault handler of the data directory and the flush listener. Immutable; every part is thread-safe.
 */
record LogEnvironment(
        Clock clock,
        Flusher flusher,
        DelayedFileDeleter deleter,
        LogDirectoryFaultHandler faultHandler,
        FlushListener flushListener) {}
