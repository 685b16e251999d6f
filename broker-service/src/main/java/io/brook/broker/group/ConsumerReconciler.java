package io.brook.broker.group;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.apache.kafka.common.Uuid;

/**
 * Moves a member's current assignment one step towards its target assignment, following KIP-848's reconciliation
 * rules:
 *
 * <ul>
 *   <li>Partitions the member owns but the target no longer has must be revoked first: the member is told its
 *       assignment without them, stays at its epoch in {@code UNREVOKED_PARTITIONS}, and gets nothing new until a
 *       heartbeat reports it no longer owns them.
 *   <li>Otherwise the member moves to the target epoch and gets every target partition that no other member owns;
 *       partitions still owned elsewhere leave it in {@code UNRELEASED_PARTITIONS} until their owner lets them go.
 * </ul>
 *
 * Stateless and pure: the caller writes the result as a record when it differs from the input.
 */
final class ConsumerReconciler {

    private ConsumerReconciler() {}

    /**
     * @param current the member's current assignment
     * @param targetEpoch the group's target assignment epoch
     * @param target the member's target assignment
     * @param ownedByOther whether a partition is owned by another member
     * @param reported the partitions the heartbeat says the member owns, or null if it did not say
     */
    static ConsumerMemberAssignment reconcile(
            ConsumerMemberAssignment current,
            int targetEpoch,
            Map<Uuid, Set<Integer>> target,
            BiPredicate<Uuid, Integer> ownedByOther,
            Map<Uuid, Set<Integer>> reported) {
        return switch (current.state()) {
            case STABLE ->
                current.memberEpoch() == targetEpoch
                        ? current
                        : next(current, targetEpoch, target, ownedByOther, reported);
            case UNREVOKED_PARTITIONS ->
                stillOwnsAny(reported, current.partitionsPendingRevocation())
                        ? current
                        : next(current, targetEpoch, target, ownedByOther, reported);
            case UNRELEASED_PARTITIONS -> next(current, targetEpoch, target, ownedByOther, reported);
        };
    }

    private static ConsumerMemberAssignment next(
            ConsumerMemberAssignment current,
            int targetEpoch,
            Map<Uuid, Set<Integer>> target,
            BiPredicate<Uuid, Integer> ownedByOther,
            Map<Uuid, Set<Integer>> reported) {
        Map<Uuid, Set<Integer>> kept = new TreeMap<>();
        Map<Uuid, Set<Integer>> revoking = new TreeMap<>();
        Map<Uuid, Set<Integer>> adding = new TreeMap<>();
        boolean unreleased = false;
        Set<Uuid> topics = new HashSet<>(current.assignedPartitions().keySet());
        topics.addAll(target.keySet());
        for (Uuid topic : topics) {
            Set<Integer> assigned = current.assignedPartitions().getOrDefault(topic, Set.of());
            Set<Integer> wanted = target.getOrDefault(topic, Set.of());
            for (int p : assigned) {
                (wanted.contains(p) ? kept : revoking)
                        .computeIfAbsent(topic, t -> new TreeSet<>())
                        .add(p);
            }
            for (int p : wanted) {
                if (assigned.contains(p)) {
                    continue;
                }
                if (ownedByOther.test(topic, p)) {
                    unreleased = true;
                } else {
                    adding.computeIfAbsent(topic, t -> new TreeSet<>()).add(p);
                }
            }
        }
        if (!revoking.isEmpty() && stillOwnsAny(reported, revoking)) {
            return new ConsumerMemberAssignment(
                    current.memberEpoch(),
                    current.memberEpoch(),
                    ConsumerMemberState.UNREVOKED_PARTITIONS,
                    kept,
                    revoking);
        }
        adding.forEach(
                (topic, ps) -> kept.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(ps));
        ConsumerMemberState state = unreleased ? ConsumerMemberState.UNRELEASED_PARTITIONS : ConsumerMemberState.STABLE;
        int previous = current.memberEpoch() == targetEpoch ? current.previousMemberEpoch() : current.memberEpoch();
        return new ConsumerMemberAssignment(targetEpoch, previous, state, kept, Map.of());
    }

    /** Whether the member may still hold some of {@code revoking}: it did not report, or reported one of them. */
    private static boolean stillOwnsAny(Map<Uuid, Set<Integer>> reported, Map<Uuid, Set<Integer>> revoking) {
        return reported == null || ConsumerAssignments.overlaps(reported, revoking);
    }
}
