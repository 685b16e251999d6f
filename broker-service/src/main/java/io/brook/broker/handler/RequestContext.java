package io.brook.broker.handler;

import java.net.SocketAddress;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Who sent a request and how: the parsed header and the connection's peer.
 *
 * @param header the request header (API key, version, correlation id, client id)
 * @param clientAddress the remote address of the connection
 */
public record RequestContext(RequestHeader header, SocketAddress clientAddress) {

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
