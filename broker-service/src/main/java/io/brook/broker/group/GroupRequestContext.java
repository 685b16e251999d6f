package io.brook.broker.group;

/**
 * Who sent a group request: the client id and host a member is described with, and the API version, which
 * changes semantics (JoinGroup v4+ demands a known member id, v9+ may skip the assignment).
 */
public record GroupRequestContext(String clientId, String clientHost, short apiVersion) {

    public GroupRequestContext {
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
    }
}
