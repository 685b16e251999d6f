package io.brook.gateway.consume;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * One read of a partition at an offset through its topic's tail: from the live feed when the
 * offset is in it, from the log ({@link CatchUpReader}) when it is older, empty when the reader is
 * at the end.
 */
@Component
public class PartitionReads {

    private final CatchUpReader catchUp;

    public PartitionReads(CatchUpReader catchUp) {
        this.catchUp = catchUp;
    }

    /**
     * Records at {@code offset} (possibly none, with a next offset past a gap), or empty when the
     * partition has nothing at or after {@code offset} yet.
     */
    public Mono<FeedRead.Records> readAt(TopicTail tail, int partition, long offset, int limit) {
        PartitionFeed feed = tail.feed(partition);
        if (feed == null) {
            return Mono.empty();
        }
        FeedRead read = feed.read(offset, limit);
        if (read instanceof FeedRead.Records records) {
            return Mono.just(records);
        }
        if (read instanceof FeedRead.BehindFeed behind) {
            return catchUp.read(new TopicPartition(tail.topic(), partition), offset, behind.feedStart(), limit);
        }
        return Mono.empty();
    }

    /**
     * Like {@link #readAt} but waits up to {@code timeout} for records to arrive; answers an empty
     * page at {@code offset} when none came.
     */
    public Mono<FeedRead.Records> readOrWait(TopicTail tail, int partition, long offset, int limit, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return readOrWait(tail, partition, offset, limit, deadline);
    }

    private Mono<FeedRead.Records> readOrWait(TopicTail tail, int partition, long offset, int limit, long deadline) {
        return Mono.defer(() -> {
            long seen = tail.version();
            return readAt(tail, partition, offset, limit)
                    .flatMap(records -> {
                        if (!records.records().isEmpty() || records.nextOffset() == offset) {
                            return Mono.just(records);
                        }
                        // Skipped a gap (compaction, control records): read on from past it.
                        return readOrWait(tail, partition, records.nextOffset(), limit, deadline);
                    })
                    .switchIfEmpty(Mono.defer(() -> {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            return Mono.just(new FeedRead.Records(java.util.List.of(), offset));
                        }
                        return tail.awaitChange(seen)
                                .timeout(Duration.ofNanos(remaining), Mono.empty())
                                .then(readOrWait(tail, partition, offset, limit, deadline));
                    }));
        });
    }
}
