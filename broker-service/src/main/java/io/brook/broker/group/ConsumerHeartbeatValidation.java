package io.brook.broker.group;

import static io.brook.broker.group.ConsumerMemberAssignment.LEAVE_STATIC_EPOCH;

import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The checks a ConsumerGroupHeartbeat must pass before it touches any group, as Kafka makes them: a group id; a
 * member id (chosen by the client from version 1); no empty instance or rack id; a join (epoch 0) that carries its
 * rebalance timeout and subscription and owns nothing; a temporary leave (-2) only by a static member; a known
 * server assignor. Subscribing by regular expression is refused with INVALID_REQUEST: this broker resolves
 * subscriptions by topic name only. Stateless.
 */
final class ConsumerHeartbeatValidation {

    private ConsumerHeartbeatValidation() {}

    static Errors validate(ConsumerGroupHeartbeatRequestData request, short version, ConsumerTargetAssigner assigner) {
        int epoch = request.memberEpoch();
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Errors.INVALID_REQUEST;
        }
        if (request.memberId() == null || (request.memberId().isEmpty() && (version >= 1 || epoch != 0))) {
            return Errors.INVALID_REQUEST;
        }
        if (isEmptyString(request.instanceId()) || isEmptyString(request.rackId())) {
            return Errors.INVALID_REQUEST;
        }
        if (epoch < LEAVE_STATIC_EPOCH || (epoch == LEAVE_STATIC_EPOCH && request.instanceId() == null)) {
            return Errors.INVALID_REQUEST;
        }
        if (epoch == 0) {
            boolean subscribes = request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null;
            boolean ownsNothing = request.topicPartitions() == null
                    || request.topicPartitions().isEmpty();
            if (request.rebalanceTimeoutMs() == -1 || !subscribes || !ownsNothing) {
                return Errors.INVALID_REQUEST;
            }
        }
        if (request.subscribedTopicRegex() != null
                && !request.subscribedTopicRegex().isEmpty()) {
            return Errors.INVALID_REQUEST;
        }
        if (request.serverAssignor() != null
                && assigner.assignor(request.serverAssignor()).isEmpty()) {
            return Errors.UNSUPPORTED_ASSIGNOR;
        }
        return Errors.NONE;
    }

    private static boolean isEmptyString(String s) {
        return s != null && s.isEmpty();
    }
}
