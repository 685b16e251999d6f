package io.brook.broker.group;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a consumer group member told the coordinator about itself, as the member-metadata record stores it. A
 * heartbeat leaves out what did not change, so each field is updated only when the request carries it.
 *
 * @param instanceId the static member's {@code group.instance.id}, or null for a dynamic member
 * @param rackId the member's rack, or null
 * @param subscribedTopicNames the topics the member subscribes to, sorted
 * @param subscribedTopicRegex the regular expression the member subscribes with, or null
 * @param serverAssignor the assignor the member asks for, or null for the coordinator's default
 * @param rebalanceTimeoutMs how long the member may take to revoke partitions
 */
record ConsumerMemberMetadata(
        String instanceId,
        String rackId,
        String clientId,
        String clientHost,
        Set<String> subscribedTopicNames,
        String subscribedTopicRegex,
        String serverAssignor,
        int rebalanceTimeoutMs) {

    static final ConsumerMemberMetadata EMPTY =
            new ConsumerMemberMetadata(null, null, "", "", Set.of(), null, null, -1);

    ConsumerMemberMetadata {
        clientId = clientId == null ? "" : clientId;
        clientHost = clientHost == null ? "" : clientHost;
        subscribedTopicNames = Collections.unmodifiableSet(new TreeSet<>(subscribedTopicNames));
    }

    /** This metadata with the fields a heartbeat carries (null, or -1 for the timeout, keeps the current value). */
    ConsumerMemberMetadata update(
            String newInstanceId,
            String newRackId,
            String newClientId,
            String newClientHost,
            List<String> newTopicNames,
            String newRegex,
            String newAssignor,
            int newRebalanceTimeoutMs) {
        return new ConsumerMemberMetadata(
                newInstanceId != null ? newInstanceId : instanceId,
                newRackId != null ? newRackId : rackId,
                newClientId,
                newClientHost,
                newTopicNames != null ? new TreeSet<>(newTopicNames) : subscribedTopicNames,
                newRegex != null ? (newRegex.isEmpty() ? null : newRegex) : subscribedTopicRegex,
                newAssignor != null ? newAssignor : serverAssignor,
                newRebalanceTimeoutMs != -1 ? newRebalanceTimeoutMs : rebalanceTimeoutMs);
    }

    /** Whether the two differ in what the target assignment depends on. */
    boolean subscriptionDiffers(ConsumerMemberMetadata other) {
        return !subscribedTopicNames.equals(other.subscribedTopicNames)
                || !Objects.equals(serverAssignor, other.serverAssignor)
                || !Objects.equals(subscribedTopicRegex, other.subscribedTopicRegex);
    }
}
