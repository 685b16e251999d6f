package io.brook.bench.process;

import io.brook.bench.BenchException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on 127.0.0.1 for a broker about to start. The port is free when picked; the broker binds it
 * a moment later, a race that is harmless on a machine that is not starting other servers at the same time.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /** {@code count} distinct free ports: each socket stays bound until all are picked. */
    public static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new BenchException("cannot find " + count + " free ports on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing to undo: only the port number was wanted
                }
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new BenchException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
