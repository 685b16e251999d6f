package io.brook.broker.network;

/**
 * The Kafka listener's settings.
 *
 * @param host address to bind
 * @param port port to bind, 0 for any free port
 * @param maxRequestBytes largest request frame accepted ({@code socket.request.max.bytes})
 * @param eventLoopThreads network event loop threads
 * @param maxInFlightPerConnection responses pending on one connection before reading from it pauses
 */
public record NetworkConfig(
        String host, int port, int maxRequestBytes, int eventLoopThreads, int maxInFlightPerConnection) {

    public NetworkConfig {
        if (port < 0 || port > 65535 || maxRequestBytes < 64 || eventLoopThreads < 1 || maxInFlightPerConnection < 1) {
            throw new IllegalArgumentException("invalid network config: port=" + port + " maxRequestBytes="
                    + maxRequestBytes + " eventLoopThreads=" + eventLoopThreads + " maxInFlight="
                    + maxInFlightPerConnection);
        }
    }
}
