package io.brook.broker.group;

import static io.brook.broker.group.ConsumerGroupTestContext.assigned;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * A consumer as the Java client behaves towards the coordinator: it takes on the assignment a response carries at
 * once (revoking what is missing, adding what is new) and reports its owned partitions in the next heartbeat after
 * they changed.
 */
final class SimulatedConsumer {

    private final ConsumerGroupTestContext context;
    final String groupId;
    final String memberId;
    final String instanceId;
    String serverAssignor;
    int epoch;
    Map<Uuid, Set<Integer>> owned = Map.of();
    private boolean ownedChanged;

    SimulatedConsumer(ConsumerGroupTestContext context, String groupId, String memberId, String instanceId) {
        this.context = context;
        this.groupId = groupId;
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    ConsumerGroupHeartbeatResponseData join(String... topics) {
        owned = Map.of();
        return apply(context.send(ConsumerGroupTestContext.join(groupId, memberId, topics)
                .setInstanceId(instanceId)
                .setServerAssignor(serverAssignor)));
    }

    ConsumerGroupHeartbeatResponseData heartbeat() {
        ConsumerGroupHeartbeatRequestData request = ownedChanged
                ? ConsumerGroupTestContext.beat(groupId, memberId, epoch, owned)
                : ConsumerGroupTestContext.beat(groupId, memberId, epoch);
        ownedChanged = false;
        return apply(context.send(request.setInstanceId(instanceId)));
    }

    ConsumerGroupHeartbeatResponseData leave(int leaveEpoch) {
        ConsumerGroupHeartbeatResponseData response = context.send(
                ConsumerGroupTestContext.beat(groupId, memberId, leaveEpoch).setInstanceId(instanceId));
        owned = Map.of();
        return response;
    }

    int ownedCount() {
        return ConsumerAssignments.count(owned);
    }

    private ConsumerGroupHeartbeatResponseData apply(ConsumerGroupHeartbeatResponseData response) {
        if (response.errorCode() != Errors.NONE.code()) {
            return response;
        }
        epoch = response.memberEpoch();
        if (response.assignment() != null) {
            Map<Uuid, Set<Integer>> next = assigned(response);
            if (!next.equals(owned)) {
                owned = next;
                ownedChanged = true;
            }
        }
        return response;
    }
}
