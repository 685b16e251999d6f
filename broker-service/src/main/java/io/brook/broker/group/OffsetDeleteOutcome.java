package io.brook.broker.group;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

/** OffsetDelete's answer: a group-level error, or one error per partition. */
public record OffsetDeleteOutcome(Errors error, Map<TopicPartition, Errors> partitions) {

    public OffsetDeleteOutcome {
        partitions = Map.copyOf(partitions);
    }

    public static OffsetDeleteOutcome failed(Errors error) {
        return new OffsetDeleteOutcome(error, Map.of());
    }
}
