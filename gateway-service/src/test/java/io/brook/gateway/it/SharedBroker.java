package io.brook.gateway.it;

import io.brook.testkit.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One in-process broker for all gateway tests of a JVM (topics are named per test), stopped when
 * the JVM exits.
 */
public final class SharedBroker {

    private static EmbeddedBroker broker;

    private SharedBroker() {}

    public static synchronized EmbeddedBroker get() {
        if (broker == null) {
            try {
                broker = new EmbeddedBroker(Files.createTempDirectory("brook-gateway-it")).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }
}
