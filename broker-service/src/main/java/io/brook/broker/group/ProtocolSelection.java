package io.brook.broker.group;

import io.brook.broker.group.ClassicGroupMember.Protocol;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a classic group picks its protocol (the client-side assignor): among the protocols every member supports,
 * the one most members list first; ties go to the order of the earliest member's list. Stateless.
 */
final class ProtocolSelection {

    private ProtocolSelection() {}

    /** Whether one of {@code protocols} is supported by every member. */
    static boolean anyCommon(Collection<ClassicGroupMember> members, List<Protocol> protocols) {
        return protocols.stream().anyMatch(p -> members.stream().allMatch(m -> m.supports(p.name())));
    }

    /** The selected protocol of a non-empty group whose members have at least one protocol in common. */
    static String select(Collection<ClassicGroupMember> members) {
        List<String> candidates = new ArrayList<>();
        ClassicGroupMember first = members.iterator().next();
        for (Protocol p : first.protocols()) {
            if (members.stream().allMatch(m -> m.supports(p.name()))) {
                candidates.add(p.name());
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (ClassicGroupMember m : members) {
            m.protocols().stream()
                    .map(Protocol::name)
                    .filter(votes::containsKey)
                    .findFirst()
                    .ifPresent(vote -> votes.merge(vote, 1, Integer::sum));
        }
        String best = null;
        for (var e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }
}
