package io.brook.broker.replica;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One blocking Kafka-protocol connection from a follower to a leader: a request, then its response, in turn.
 * Frames are Kafka's (a 4-byte size, then header and body); requests and responses are kafka-clients' own codecs.
 * Every read has a timeout (the socket's), so a leader that stops answering ends the call instead of hanging the
 * fetcher. Not thread-safe: one fetcher thread owns it.
 */
final class LeaderChannel implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private int correlationId;

    private LeaderChannel(Socket socket, String clientId) throws IOException {
        this.socket = socket;
        this.clientId = clientId;
        InputStream input = socket.getInputStream();
        OutputStream output = socket.getOutputStream();
        this.in = new DataInputStream(new java.io.BufferedInputStream(input, 64 * 1024));
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(output, 64 * 1024));
    }

    static LeaderChannel connect(InetSocketAddress address, int timeoutMs, String clientId) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMs);
            socket.setSoTimeout(timeoutMs);
            return new LeaderChannel(socket, clientId);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code request} at {@code version} and waits at most {@code readTimeoutMs} for its response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R call(AbstractRequest request, ApiKeys api, short version, int readTimeoutMs)
            throws IOException {
        var header = new RequestHeader(api, version, clientId, ++correlationId);
        ByteBuffer frame = request.serializeWithHeader(header);
        out.writeInt(frame.remaining());
        out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        out.flush();
        socket.setSoTimeout(readTimeoutMs);
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("negative response size " + size + " from " + socket.getRemoteSocketAddress());
        }
        byte[] response = new byte[size];
        in.readFully(response);
        return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing left to release
        }
    }
}
