package io.brook.bench.load;

import java.util.Random;

/**
 * The record value of the runner's own clients: seeded random upper-case letters, the scheme ProducerPerformance
 * uses for its payload, so every run sends the same bytes.
 */
final class Payload {

    private static final long SEED = 0L;

    private Payload() {}

    static byte[] of(int size) {
        Random random = new Random(SEED);
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('A' + random.nextInt(26));
        }
        return payload;
    }
}
