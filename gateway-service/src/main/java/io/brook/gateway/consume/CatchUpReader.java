package io.brook.gateway.consume;

import io.brook.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads history for readers behind their topic's live feed, with a small pool of assign-mode
 * consumers (one read at a time each, on bounded elastic threads). A read returns what one fetch
 * brings, at most {@code limit} records, and the offset to continue from; offsets below the log
 * start continue at the earliest record.
 */
@Component
public class CatchUpReader implements DisposableBean {

    private static final Duration READ_DEADLINE = Duration.ofSeconds(5);

    private final BlockingQueue<Consumer<byte[], byte[]>> pool;
    private final List<Consumer<byte[], byte[]>> all = new ArrayList<>();

    public CatchUpReader(ReaderConsumers consumers, GatewayProperties properties) {
        int size = Math.max(1, properties.consume().catchUpReaders());
        this.pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Consumer<byte[], byte[]> consumer =
                    consumers.create("catch-up", properties.consume().maxLimit());
            all.add(consumer);
            pool.add(consumer);
        }
    }

    /** Up to {@code limit} records of {@code partition} from {@code offset}, stopping before {@code until}. */
    public Mono<FeedRead.Records> read(TopicPartition partition, long offset, long until, int limit) {
        return Mono.fromCallable(() -> readBlocking(partition, offset, until, limit))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private FeedRead.Records readBlocking(TopicPartition partition, long offset, long until, int limit)
            throws InterruptedException {
        Consumer<byte[], byte[]> consumer = pool.take();
        try {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            List<FeedRecord> records = new ArrayList<>();
            long position = offset;
            boolean truncated = false;
            while (records.isEmpty() && position < until && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= until) {
                        continue;
                    }
                    if (records.size() < limit) {
                        records.add(new FeedRecord(record));
                    } else {
                        truncated = true;
                    }
                }
                position = consumer.position(partition);
            }
            long next = truncated
                    ? records.get(records.size() - 1).offset() + 1
                    : Math.max(Math.min(position, until), offset);
            return new FeedRead.Records(records, next);
        } finally {
            consumer.unsubscribe();
            pool.add(consumer);
        }
    }

    @Override
    public void destroy() {
        all.forEach(consumer -> consumer.close(Duration.ofSeconds(1)));
    }
}
