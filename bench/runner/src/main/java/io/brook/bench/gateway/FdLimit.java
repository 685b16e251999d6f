package io.brook.bench.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's soft limit on open files, from the {@code Max open files} line of {@code /proc/self/limits} (Linux).
 * Child processes inherit it, so it bounds both the gateway and the SSE client. Stateless.
 */
final class FdLimit {

    /** Descriptors a JVM holds besides its sockets (jars, logs, epoll, the broker connections). */
    static final int RESERVE = 1_000;

    private FdLimit() {}

    static OptionalLong soft() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The soft limit from the text of a limits file; empty when unlimited or absent. */
    static OptionalLong parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] fields =
                        line.substring("Max open files".length()).trim().split("\\s+");
                return fields[0].equals("unlimited")
                        ? OptionalLong.empty()
                        : OptionalLong.of(Long.parseLong(fields[0]));
            }
        }
        return OptionalLong.empty();
    }
}
