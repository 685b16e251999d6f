package io.brook.broker.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A blocking Kafka connection over a plain socket, for tests that must control the exact bytes a broker receives.
 * It is only a transport: requests and responses are encoded and decoded by kafka-clients' own request classes;
 * this class adds the 4-byte size prefix, correlation ids and version negotiation. Not thread-safe.
 */
final class RawKafkaConnection implements AutoCloseable {

    private static final String CLIENT_ID = "brook-it-raw";

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final Map<ApiKeys, Short> brokerMaxVersions = new EnumMap<>(ApiKeys.class);
    private int nextCorrelationId = 1;

    private RawKafkaConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to {@code bootstrap} ({@code host:port}); reads time out after 15 s. */
    static RawKafkaConnection connect(String bootstrap) {
        int colon = bootstrap.lastIndexOf(':');
        var address =
                new InetSocketAddress(bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1)));
        Socket socket = new Socket();
        try {
            socket.connect(address, 5_000);
            socket.setSoTimeout(15_000);
            socket.setTcpNoDelay(true);
            return new RawKafkaConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to " + bootstrap, e);
        }
    }

    /**
     * Sends the request at the highest version both kafka-clients and the broker know (asked once with ApiVersions,
     * as real clients do) and returns the parsed response.
     */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest.Builder<?> builder) {
        short brokerMax = brokerMaxVersion(builder.apiKey());
        short version = (short) Math.min(builder.latestAllowedVersion(), brokerMax);
        if (version < builder.oldestAllowedVersion()) {
            throw new IllegalStateException("broker serves " + builder.apiKey() + " only up to version " + brokerMax);
        }
        return (R) send(builder.build(version));
    }

    /** Sends the request at its own version and returns the parsed response. */
    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest request) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), CLIENT_ID, nextCorrelationId++);
        writeFrame(request.serializeWithHeader(header));
        return (R) AbstractResponse.parseResponse(readFrame(), header);
    }

    /** Sends the request and reads nothing back: for produce requests with acks=0, which get no response. */
    void sendWithoutResponse(AbstractRequest request) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), CLIENT_ID, nextCorrelationId++);
        writeFrame(request.serializeWithHeader(header));
    }

    /** The highest version of {@code apiKey} the broker advertises (ApiVersions is asked once per connection). */
    short brokerMaxVersion(ApiKeys apiKey) {
        if (brokerMaxVersions.isEmpty()) {
            ApiVersionsResponse response =
                    send(new ApiVersionsRequest.Builder().build(ApiKeys.API_VERSIONS.latestVersion()));
            if (response.data().errorCode() != 0) {
                throw new IllegalStateException(
                        "ApiVersions failed with error code " + response.data().errorCode());
            }
            for (ApiVersion v : response.data().apiKeys()) {
                if (ApiKeys.hasId(v.apiKey())) {
                    brokerMaxVersions.put(ApiKeys.forId(v.apiKey()), v.maxVersion());
                }
            }
        }
        Short max = brokerMaxVersions.get(apiKey);
        if (max == null) {
            throw new IllegalStateException("broker does not advertise " + apiKey);
        }
        return max;
    }

    /** The serialized request header for any key and version, valid or not, so tests can send what clients never do. */
    static ByteBuffer header(short apiKey, short apiVersion, int correlationId, short headerVersion) {
        var data = new RequestHeaderData()
                .setRequestApiKey(apiKey)
                .setRequestApiVersion(apiVersion)
                .setCorrelationId(correlationId)
                .setClientId(CLIENT_ID);
        return MessageUtil.toByteBufferAccessor(data, headerVersion).buffer();
    }

    /** Writes {@code parts} as one frame: their total size as a 4-byte prefix, then the parts. */
    void writeFrame(ByteBuffer... parts) {
        int size = 0;
        for (ByteBuffer part : parts) {
            size += part.remaining();
        }
        try {
            out.writeInt(size);
            for (ByteBuffer part : parts) {
                writeBytes(part);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send a frame of " + size + " bytes", e);
        }
    }

    /** Writes raw bytes, no prefix added: for frames with a lying size prefix or cut short. */
    void writeRaw(ByteBuffer bytes) {
        try {
            writeBytes(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + bytes.remaining() + " bytes", e);
        }
    }

    private void writeBytes(ByteBuffer part) throws IOException {
        ByteBuffer copy = part.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        out.write(bytes);
    }

    /** Reads one response frame and returns it without the size prefix. */
    ByteBuffer readFrame() {
        try {
            int size = in.readInt();
            if (size < 0) {
                throw new IllegalStateException("negative response size " + size);
            }
            byte[] frame = new byte[size];
            in.readFully(frame);
            return ByteBuffer.wrap(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a response frame", e);
        }
    }

    /**
     * Whether the broker closes this connection within {@code timeout} without sending anything more; false if
     * bytes arrive or the connection stays open.
     */
    boolean closedByBroker(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            return in.read() == -1;
        } catch (EOFException | SocketException closed) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is best effort; the test outcome does not depend on it.
        }
    }
}
