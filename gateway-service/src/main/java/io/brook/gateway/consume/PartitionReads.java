package io.brook.gateway.consume;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One read of a partition at an offset through its topic's tail: from the live feed when the
 * offset is in it, from the log ({@link CatchUpReader}) when it is older, empty when the reader is
 * at the end.
 */
@Component
public class PartitionReads {

    /** Long-polls wake on Reactor's parallel workers. */
    private static final Executor PARALLEL = task -> Schedulers.parallel().schedule(task);

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

    /** Records of {@code partition} from the log, for a reader older than the feed that starts at {@code until}. */
    public Mono<FeedRead.Records> catchUp(TopicTail tail, int partition, long offset, long until, int limit) {
        return catchUp.read(new TopicPartition(tail.topic(), partition), offset, until, limit);
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
                        return tail.awaitChange(seen, PARALLEL)
                                .timeout(Duration.ofNanos(remaining), Mono.empty())
                                .then(readOrWait(tail, partition, offset, limit, deadline));
                    }));
        });
    }
}
