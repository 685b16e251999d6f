package io.brook.broker.group;

import io.brook.broker.group.ConsumerGroupRecord.TargetAssignment;
import io.brook.broker.group.ConsumerGroupRecord.TargetAssignmentEpoch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Computes a consumer group's target assignment with its server-side assignor and writes it as records: one
 * target-assignment record per member whose target changed, then the target assignment epoch. Also fingerprints the
 * subscribed topics' metadata, so that a topic created, deleted or grown bumps the group epoch and triggers a new
 * assignment. Stateless apart from its configuration; runs on the shard's thread.
 */
final class ConsumerTargetAssigner {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final ConsumerGroupConfig config;
    private final ConsumerTopics topics;

    ConsumerTargetAssigner(ConsumerGroupConfig config, ConsumerTopics topics) {
        this.config = config;
        this.topics = topics;
    }

    Optional<ConsumerGroupAssignor> assignor(String name) {
        return config.assignors().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The assignor most members ask for (ties go to the name first in order), else the default. */
    ConsumerGroupAssignor preferredAssignor(Collection<ConsumerGroupMember> members) {
        Map<String, Integer> votes = new TreeMap<>();
        members.forEach(m -> {
            if (m.metadata().serverAssignor() != null) {
                votes.merge(m.metadata().serverAssignor(), 1, Integer::sum);
            }
        });
        String best = null;
        for (var e : votes.entrySet()) {
            if (best == null || e.getValue() > votes.get(best)) {
                best = e.getKey();
            }
        }
        return best == null ? config.defaultAssignor() : assignor(best).orElse(config.defaultAssignor());
    }

    /** A fingerprint of the id and partition count of every topic the members subscribe to. */
    long metadataHash(Collection<ConsumerGroupMember> members) {
        Set<String> names = new TreeSet<>();
        members.forEach(m -> names.addAll(m.metadata().subscribedTopicNames()));
        long hash = FNV_OFFSET;
        for (String name : names) {
            Optional<ConsumerTopic> topic = topics.byName(name);
            String entry =
                    topic.map(t -> name + "/" + t.id() + "/" + t.partitions()).orElse(name + "/-");
            for (byte b : (entry + ";").getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * FNV_PRIME;
            }
        }
        return hash;
    }

    /**
     * Runs the assignor over {@code members} and records the new target assignment at {@code epoch}.
     *
     * @param previousTargets each member's target before this computation, which sticky assignors keep (a static
     *     member replacing another takes over the other's)
     * @param storedTargets the targets the group holds now, by member id: a record is written where they differ
     * @return the new target of every member
     */
    Map<String, Map<Uuid, Set<Integer>>> assign(
            ConsumerRecordSink out,
            String groupId,
            Collection<ConsumerGroupMember> members,
            Map<String, Map<Uuid, Set<Integer>>> previousTargets,
            Map<String, Map<Uuid, Set<Integer>>> storedTargets,
            int epoch) {
        Map<Uuid, ConsumerTopic> subscribed = new HashMap<>();
        List<ConsumerGroupAssignor.Member> specs = new ArrayList<>();
        for (ConsumerGroupMember m : members) {
            Set<Uuid> ids = new HashSet<>();
            for (String name : m.metadata().subscribedTopicNames()) {
                topics.byName(name).ifPresent(t -> {
                    ids.add(t.id());
                    subscribed.put(t.id(), t);
                });
            }
            specs.add(new ConsumerGroupAssignor.Member(
                    m.memberId(),
                    m.instanceId(),
                    m.metadata().rackId(),
                    ids,
                    previousTargets.getOrDefault(m.memberId(), Map.of())));
        }
        Map<String, Map<Uuid, Set<Integer>>> computed =
                preferredAssignor(members).assign(specs, subscribed);
        Map<String, Map<Uuid, Set<Integer>>> targets = new HashMap<>();
        for (ConsumerGroupMember m : members) {
            Map<Uuid, Set<Integer>> target = ConsumerAssignments.copyOf(computed.getOrDefault(m.memberId(), Map.of()));
            targets.put(m.memberId(), target);
            Map<Uuid, Set<Integer>> before = storedTargets.get(m.memberId());
            if (!target.equals(before)) {
                out.record(new TargetAssignment(groupId, m.memberId(), target));
            }
        }
        out.record(new TargetAssignmentEpoch(groupId, epoch));
        return targets;
    }
}
