package io.brook.gateway.consume;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns a stream's start (a cursor, or beginning / end / timestamp) into the next offset per
 * partition. A cursor wins for the partitions it names; partitions it does not name (added since)
 * start at their beginning. "End" is the tail's end, so a stream opened at the end misses nothing
 * the tail reads after it.
 */
@Component
public class StartResolver {

    private final Admin admin;

    public StartResolver(Admin admin) {
        this.admin = admin;
    }

    public Mono<Map<Integer, Long>> resolve(
            TopicTail tail, List<Integer> partitions, Cursor cursor, StartPosition from) {
        Map<Integer, Long> next = new TreeMap<>();
        Map<TopicPartition, OffsetSpec> lookups = new HashMap<>();
        for (int partition : partitions) {
            Long fromCursor = cursor == null ? null : cursor.offsets().get(partition);
            StartPosition start = cursor == null ? from : new StartPosition.Beginning();
            if (fromCursor != null) {
                next.put(partition, fromCursor);
            } else if (start instanceof StartPosition.End) {
                next.put(partition, tail.feed(partition).end());
            } else if (start instanceof StartPosition.AtTimestamp at) {
                lookups.put(new TopicPartition(tail.topic(), partition), OffsetSpec.forTimestamp(at.epochMillis()));
            } else {
                lookups.put(new TopicPartition(tail.topic(), partition), OffsetSpec.earliest());
            }
        }
        if (lookups.isEmpty()) {
            return Mono.just(next);
        }
        ListOffsetsResult result = admin.listOffsets(lookups);
        return Mono.fromFuture(() -> result.all().toCompletionStage().toCompletableFuture())
                .map(found -> {
                    found.forEach((partition, info) -> next.put(
                            partition.partition(),
                            // No record at or after the timestamp: start at the end.
                            info.offset() >= 0
                                    ? info.offset()
                                    : tail.feed(partition.partition()).end()));
                    return next;
                });
    }
}
