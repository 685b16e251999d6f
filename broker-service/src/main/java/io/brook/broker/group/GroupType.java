package io.brook.broker.group;

/** The protocol family a group speaks, named as ListGroups v5 reports it. */
public enum GroupType {
    /** JoinGroup / SyncGroup / Heartbeat, with the assignment computed by the leader client. */
    CLASSIC("classic"),
    /** ConsumerGroupHeartbeat (KIP-848), with the assignment computed by the coordinator. */
    CONSUMER("consumer");

    private final String protocolName;

    GroupType(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The name on the wire ({@code classic}). */
    public String protocolName() {
        return protocolName;
    }
}
