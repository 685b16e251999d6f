package io.brook.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * A server-side assignor of the consumer group protocol (KIP-848): computes the group's target assignment from its
 * members' subscriptions and the subscribed topics' partition counts. Members name the assignor they want with
 * {@code group.remote.assignor}; the coordinator runs one per group.
 *
 * <p>Implementations are stateless and deterministic (the same input gives the same output), so the target
 * assignment can be recomputed anywhere. Invariants of every output: each member of the input has an entry
 * (possibly empty); a partition goes to at most one member; a member only gets partitions of topics it subscribes
 * to that exist in {@code topics}.
 */
public interface ConsumerGroupAssignor {

    /** The name members ask for ({@code uniform}, {@code range}). */
    String name();

    /**
     * The target assignment: member id to topic id to partitions.
     *
     * @param members the members, with their subscriptions resolved to topic ids and their current target
     *     assignment (which sticky assignors try to keep)
     * @param topics the subscribed topics that exist, by id
     */
    Map<String, Map<Uuid, Set<Integer>>> assign(List<Member> members, Map<Uuid, ConsumerTopic> topics);

    /**
     * One member as the assignor sees it.
     *
     * @param instanceId the static member's instance id, or null
     * @param currentAssignment the member's target assignment before this computation
     */
    record Member(
            String memberId,
            String instanceId,
            String rackId,
            Set<Uuid> subscribedTopicIds,
            Map<Uuid, Set<Integer>> currentAssignment) {

        public Member {
            subscribedTopicIds = Set.copyOf(subscribedTopicIds);
            currentAssignment = ConsumerAssignments.copyOf(currentAssignment);
        }
    }
}
