package io.brook.broker.group;

import io.brook.broker.group.GroupSnapshot.MemberSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * One member of a classic group: who it is, the protocols it supports, its assignment, and the JoinGroup or
 * SyncGroup request it is waiting on, if any. Mutable; confined to its shard's thread.
 */
final class ClassicGroupMember {

    /** One protocol (assignor) a member supports, with its metadata (the serialized subscription). */
    record Protocol(String name, byte[] metadata) {
        boolean sameAs(Protocol other) {
            return name.equals(other.name) && Arrays.equals(metadata, other.metadata);
        }
    }

    private String memberId;
    private final String instanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private List<Protocol> protocols;
    private byte[] assignment = new byte[0];
    private Responder<JoinGroupResponseData> joinResponder;
    private short joinVersion;
    private Responder<SyncGroupResponseData> syncResponder;
    private boolean isNew;

    ClassicGroupMember(
            String memberId,
            String instanceId,
            String clientId,
            String clientHost,
            int rebalanceTimeoutMs,
            int sessionTimeoutMs,
            List<Protocol> protocols) {
        this.memberId = memberId;
        this.instanceId = instanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    /** A member as a group-metadata record has it: only the selected protocol's metadata survives. */
    static ClassicGroupMember fromSnapshot(MemberSnapshot m, String protocol) {
        List<Protocol> protocols = protocol == null ? List.of() : List.of(new Protocol(protocol, m.subscription()));
        var member = new ClassicGroupMember(
                m.memberId(),
                m.instanceId(),
                m.clientId(),
                m.clientHost(),
                m.rebalanceTimeoutMs(),
                m.sessionTimeoutMs(),
                protocols);
        member.assignment = m.assignment();
        return member;
    }

    MemberSnapshot snapshot(String protocol) {
        return new MemberSnapshot(
                memberId,
                instanceId,
                clientId,
                clientHost,
                rebalanceTimeoutMs,
                sessionTimeoutMs,
                metadata(protocol),
                assignment);
    }

    String memberId() {
        return memberId;
    }

    void memberId(String newId) {
        this.memberId = newId;
    }

    String instanceId() {
        return instanceId;
    }

    boolean isStatic() {
        return instanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    List<Protocol> protocols() {
        return protocols;
    }

    /** Takes the settings of a new JoinGroup from this member. */
    void update(String clientId, String clientHost, int rebalanceTimeoutMs, int sessionTimeoutMs, List<Protocol> p) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = List.copyOf(p);
    }

    /** Whether {@code other} is the same protocol list, names and metadata, in the same order. */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!protocols.get(i).sameAs(other.get(i))) {
                return false;
            }
        }
        return true;
    }

    boolean supports(String protocol) {
        return protocols.stream().anyMatch(p -> p.name().equals(protocol));
    }

    /** This member's metadata for {@code protocol}, empty if it does not support it. */
    byte[] metadata(String protocol) {
        return protocols.stream()
                .filter(p -> p.name().equals(protocol))
                .findFirst()
                .map(Protocol::metadata)
                .orElse(new byte[0]);
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] assignment) {
        this.assignment = Objects.requireNonNullElse(assignment, new byte[0]);
    }

    Responder<JoinGroupResponseData> joinResponder() {
        return joinResponder;
    }

    short joinVersion() {
        return joinVersion;
    }

    void awaitJoin(Responder<JoinGroupResponseData> responder, short version) {
        this.joinResponder = responder;
        this.joinVersion = version;
    }

    boolean isAwaitingJoin() {
        return joinResponder != null;
    }

    Responder<JoinGroupResponseData> takeJoinResponder() {
        Responder<JoinGroupResponseData> r = joinResponder;
        joinResponder = null;
        return r;
    }

    void awaitSync(Responder<SyncGroupResponseData> responder) {
        this.syncResponder = responder;
    }

    boolean isAwaitingSync() {
        return syncResponder != null;
    }

    Responder<SyncGroupResponseData> takeSyncResponder() {
        Responder<SyncGroupResponseData> r = syncResponder;
        syncResponder = null;
        return r;
    }

    boolean isNew() {
        return isNew;
    }

    void isNew(boolean value) {
        this.isNew = value;
    }
}
