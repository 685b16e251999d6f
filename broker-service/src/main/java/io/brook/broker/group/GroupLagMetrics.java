package io.brook.broker.group;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code brook.broker.group.lag} gauge per group, topic and partition: the partition's log end offset minus
 * the group's committed offset (NaN while the partition is not led here). Kept up to date from committed-offset
 * changes; read by the metrics scrape. Thread-safe.
 */
public final class GroupLagMetrics implements OffsetListener {

    static final String NAME = "brook.broker.group.lag";

    private record Key(String groupId, TopicPartition tp) {}

    private record Entry(AtomicLong committed, Gauge gauge) {}

    private final MeterRegistry registry;
    private final Function<TopicPartition, OptionalLong> logEndOffsets;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** @param logEndOffsets the log end offset of a partition led here, empty otherwise */
    public GroupLagMetrics(MeterRegistry registry, Function<TopicPartition, OptionalLong> logEndOffsets) {
        this.registry = registry;
        this.logEndOffsets = logEndOffsets;
    }

    @Override
    public void committed(String groupId, TopicPartition tp, long offset) {
        entries.computeIfAbsent(new Key(groupId, tp), this::register)
                .committed()
                .set(offset);
    }

    @Override
    public void removed(String groupId, TopicPartition tp) {
        Entry entry = entries.remove(new Key(groupId, tp));
        if (entry != null) {
            registry.remove(entry.gauge());
        }
    }

    private Entry register(Key key) {
        AtomicLong committed = new AtomicLong(-1);
        Gauge gauge = Gauge.builder(NAME, committed, c -> lag(key.tp(), c.get()))
                .description("Log end offset minus the group's committed offset")
                .tag("group", key.groupId())
                .tag("topic", key.tp().topic())
                .tag("partition", Integer.toString(key.tp().partition()))
                .register(registry);
        return new Entry(committed, gauge);
    }

    private double lag(TopicPartition tp, long committed) {
        OptionalLong end = logEndOffsets.apply(tp);
        return end.isPresent() && committed >= 0 ? Math.max(0, end.getAsLong() - committed) : Double.NaN;
    }
}
