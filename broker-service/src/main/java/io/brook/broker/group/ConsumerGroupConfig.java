package io.brook.broker.group;

import java.util.List;

/**
 * The consumer group protocol's validated configuration. Names follow Kafka's broker settings.
 *
 * @param sessionTimeoutMs how long a member may go without heartbeat before it is removed
 *     ({@code group.consumer.session.timeout.ms})
 * @param heartbeatIntervalMs how often members are told to heartbeat ({@code group.consumer.heartbeat.interval.ms})
 * @param maxSize most members one consumer group may have ({@code group.consumer.max.size})
 * @param assignors the server-side assignors, the first being the default ({@code group.consumer.assignors})
 */
public record ConsumerGroupConfig(
        int sessionTimeoutMs, int heartbeatIntervalMs, int maxSize, List<ConsumerGroupAssignor> assignors) {

    public ConsumerGroupConfig {
        if (sessionTimeoutMs < 1
                || heartbeatIntervalMs < 1
                || heartbeatIntervalMs >= sessionTimeoutMs
                || maxSize < 1
                || assignors.isEmpty()) {
            throw new IllegalArgumentException("invalid consumer group config: session timeout " + sessionTimeoutMs
                    + " ms, heartbeat interval " + heartbeatIntervalMs + " ms, max size " + maxSize + ", "
                    + assignors.size() + " assignors");
        }
        assignors = List.copyOf(assignors);
    }

    /** Kafka's defaults: 45 s sessions, 5 s heartbeats, no size limit, {@code uniform} then {@code range}. */
    public static ConsumerGroupConfig defaults() {
        return new ConsumerGroupConfig(
                45_000, 5_000, Integer.MAX_VALUE, List.of(new UniformConsumerAssignor(), new RangeConsumerAssignor()));
    }

    public ConsumerGroupConfig withSessionTimeoutMs(int sessionMs, int heartbeatMs) {
        return new ConsumerGroupConfig(sessionMs, heartbeatMs, maxSize, assignors);
    }

    public ConsumerGroupConfig withMaxSize(int size) {
        return new ConsumerGroupConfig(sessionTimeoutMs, heartbeatIntervalMs, size, assignors);
    }

    ConsumerGroupAssignor defaultAssignor() {
        return assignors.get(0);
    }
}
