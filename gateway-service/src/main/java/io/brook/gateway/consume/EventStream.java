package io.brook.gateway.consume;

import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One SSE connection's stream of a topic: a loop of partition reads pulled by the HTTP writer's
 * demand. Each step serves one partition (round robin, so a busy partition cannot starve the
 * others) from the live feed or the log, or, when every partition is at its end, waits for the tail
 * to move and sends a heartbeat comment if nothing came within the heartbeat interval.
 *
 * <p>Each event's {@code id} is the cursor after that event; events of a partition leave in offset
 * order; nothing is read ahead of demand except the one step being prepared.
 */
public final class EventStream {

    private final TopicTail tail;
    private final PartitionReads reads;
    private final RecordRenderer renderer;
    private final List<Integer> partitions;
    private final Map<Integer, Long> next;
    private final RecordFormat keyFormat;
    private final RecordFormat valueFormat;
    private final int chunk;
    private final Duration heartbeat;
    private final IntConsumer delivered;
    private int turn;

    public EventStream(
            TopicTail tail,
            PartitionReads reads,
            RecordRenderer renderer,
            Map<Integer, Long> start,
            RecordFormat keyFormat,
            RecordFormat valueFormat,
            int chunk,
            Duration heartbeat,
            IntConsumer delivered) {
        this.tail = tail;
        this.reads = reads;
        this.renderer = renderer;
        this.next = new TreeMap<>(start);
        this.partitions = List.copyOf(this.next.keySet());
        this.keyFormat = keyFormat;
        this.valueFormat = valueFormat;
        this.chunk = chunk;
        this.heartbeat = heartbeat;
        this.delivered = delivered;
    }

    /** The events, starting with a comment (so clients see the stream open) that sets the retry delay. */
    public Flux<ServerSentEvent<String>> events() {
        ServerSentEvent<String> opened = ServerSentEvent.<String>builder()
                .comment("stream of " + tail.topic() + " from " + Cursor.format(next))
                .retry(Duration.ofSeconds(1))
                .build();
        return Flux.concat(Mono.just(opened), Mono.defer(this::step).repeat().concatMapIterable(events -> events, 1));
    }

    /** The next events: records of one partition, nothing (after a wake-up), or a heartbeat. */
    private Mono<List<ServerSentEvent<String>>> step() {
        long seen = tail.version();
        return tryPartition(0, seen);
    }

    private Mono<List<ServerSentEvent<String>>> tryPartition(int tried, long seen) {
        if (tried == partitions.size()) {
            return tail.awaitChange(seen)
                    .then(Mono.just(List.<ServerSentEvent<String>>of()))
                    .timeout(heartbeat, Mono.just(List.of(heartbeatEvent())))
                    .publishOn(Schedulers.parallel());
        }
        int partition = partitions.get((turn + tried) % partitions.size());
        long offset = next.get(partition);
        return reads.readAt(tail, partition, offset, chunk)
                .flatMap(read -> {
                    if (read.records().isEmpty()) {
                        next.put(partition, Math.max(offset, read.nextOffset()));
                        return tryPartition(tried + 1, seen);
                    }
                    turn = (turn + tried + 1) % partitions.size();
                    return Mono.just(toEvents(partition, read));
                })
                .switchIfEmpty(Mono.defer(() -> tryPartition(tried + 1, seen)));
    }

    private List<ServerSentEvent<String>> toEvents(int partition, FeedRead.Records read) {
        List<ServerSentEvent<String>> events = new ArrayList<>(read.records().size());
        for (FeedRecord record : read.records()) {
            next.put(partition, record.offset() + 1);
            events.add(ServerSentEvent.builder(record.json(renderer, keyFormat, valueFormat))
                    .id(Cursor.format(next))
                    .event("record")
                    .build());
        }
        next.put(partition, Math.max(next.get(partition), read.nextOffset()));
        delivered.accept(events.size());
        return events;
    }

    private static ServerSentEvent<String> heartbeatEvent() {
        return ServerSentEvent.<String>builder().comment("heartbeat").build();
    }
}
