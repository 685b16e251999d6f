package io.brook.bench.process;

import io.brook.bench.BenchException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks free TCP ports on 127.0.0.1 for a broker about to start. The port is free when picked; the broker binds it
 * a moment later, a race that is harmless on a machine that is not starting other servers at the same time.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
