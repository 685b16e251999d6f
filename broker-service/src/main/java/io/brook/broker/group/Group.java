package io.brook.broker.group;

import java.util.Set;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;

/**
 * A group of one {@link GroupType}, as the type-independent parts of the coordinator see it: listing, describing,
 * deleting, and deciding who may commit offsets. Offsets themselves live in the {@link OffsetStore}, apart from any
 * group type. Implementations are confined to their shard's thread.
 */
public interface Group {

    String groupId();

    GroupType type();

    /** The state's name as ListGroups and DescribeGroups report it, e.g. {@code Stable}. */
    String stateName();

    /** The members' protocol type (e.g. {@code consumer}), "" when no member ever joined. */
    String protocolType();

    /** Whether the group has no members: its offsets may then expire and it may be deleted. */
    boolean isEmpty();

    /** Coordinator time at which the group last changed state; offsets of an empty group expire from here. */
    long stateTimestampMs();

    /**
     * Whether an OffsetCommit from this identity may commit: {@link Errors#NONE}, or the error to answer with.
     * A generation below 0 with no member id is a standalone commit, allowed only while the group is empty.
     */
    Errors validateOffsetCommit(String memberId, String instanceId, int generationOrEpoch);

    /** Topics the members consume, when the group can tell; OffsetDelete refuses to delete their offsets. */
    Set<String> subscribedTopics();

    /** The group as DescribeGroups reports it (any version's fields; the handler trims them). */
    DescribedGroup describe();
}
