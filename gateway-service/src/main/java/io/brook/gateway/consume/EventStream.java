package io.brook.gateway.consume;

import io.brook.gateway.codec.RecordFormat;
import io.brook.gateway.codec.RecordRenderer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntConsumer;

/**
 * One SSE connection's stream of a topic: a small state machine driven by its connection's
 * readiness ({@link FrameSink#ready()}) and by its tail's changes, confined to one executor (the
 * connection's event loop), so frames are built and written where the socket lives, without
 * hand-offs or locks.
 *
 * <p>{@link #drain} serves partitions round robin (a busy partition cannot starve the others): from
 * the live feed when the cursor is in it, from the log through an asynchronous catch-up read when it
 * is older (the stream pauses until that read returns to the executor), and otherwise parks: it does
 * nothing until the tail's next change ({@link TopicTail.ChangeListener}), which costs no allocation
 * per wait. The tail also signals an idle tick every half heartbeat interval; a stream that has sent
 * nothing for a heartbeat interval then sends a heartbeat comment.
 *
 * <p>Invariants: frames are sent only while the sink is ready, so a client that stops reading holds
 * at most one frame beyond Netty's high water mark in the gateway;
 * each event's {@code id} is the cursor after that event; events of a partition leave in offset
 * order.
 */
public final class EventStream implements TopicTail.ChangeListener {

    private static final byte[] HEARTBEAT =
            new SseFrames(16).comment("heartbeat").bytes();

    private final TopicTail tail;
    private final PartitionReads reads;
    private final RecordRenderer renderer;
    private final int[] partitions;
    /** The tail's feed of each partition, once the tail has one (a partition's feed never changes). */
    private final PartitionFeed[] feeds;

    private final long[] next;
    private final RecordFormat keyFormat;
    private final RecordFormat valueFormat;
    private final int chunk;
    private final long heartbeatNanos;
    private final IntConsumer delivered;
    private final Executor executor;
    private FrameSink sink;
    private AutoCloseable registration;
    private volatile boolean closed;
    private boolean catchingUp;
    private int turn;
    private long lastSent = System.nanoTime();

    public EventStream(
            TopicTail tail,
            PartitionReads reads,
            RecordRenderer renderer,
            Map<Integer, Long> start,
            RecordFormat keyFormat,
            RecordFormat valueFormat,
            int chunk,
            Duration heartbeat,
            IntConsumer delivered,
            Executor executor) {
        this.tail = tail;
        this.reads = reads;
        this.renderer = renderer;
        this.partitions =
                start.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        this.feeds = new PartitionFeed[partitions.length];
        this.next = new long[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            next[i] = start.get(partitions[i]);
        }
        this.keyFormat = keyFormat;
        this.valueFormat = valueFormat;
        this.chunk = chunk;
        this.heartbeatNanos = heartbeat.toNanos();
        this.delivered = delivered;
        this.executor = executor;
    }

    /**
     * The stream's first bytes, to send before {@link #start}: the retry delay and an opening
     * comment naming the start cursor (so clients see the stream open).
     */
    public byte[] opening() {
        return new SseFrames(128)
                .retry(1_000)
                .comment("stream of " + tail.topic() + " from " + cursor())
                .bytes();
    }

    /**
     * Starts sending events and heartbeats to {@code frames}, on the stream's executor, until
     * {@link #close()}.
     */
    public void start(FrameSink frames) {
        executor.execute(() -> {
            if (closed) {
                return;
            }
            sink = frames;
            registration = tail.listen(this, executor);
            drain();
        });
    }

    /** The executor the stream runs on. */
    public Executor executor() {
        return executor;
    }

    @Override
    public void onChange() {
        drain();
    }

    /** The connection takes bytes again; runs on the executor. */
    public void resume() {
        drain();
    }

    /** Stops the stream for good (the client went away); callable from any thread. */
    public void close() {
        closed = true;
        try {
            executor.execute(this::unregister);
        } catch (RejectedExecutionException shutDown) {
            // The event loop is gone, and the tail's listener group with it.
        }
    }

    /** Emits what demand allows; runs on the executor only. */
    private void drain() {
        if (closed || catchingUp || sink == null) {
            return;
        }
        // Writes only while the channel takes them: a client that stops reading stops the stream here,
        // and its connection's writability event (or the next change) resumes it.
        while (!closed && sink.ready()) {
            long seen = tail.version();
            if (serveOnePartition()) {
                if (hasMore()) {
                    // A backlog goes one frame per turn: the writer's own task (queued on this loop by
                    // that frame) runs before the next turn, so writability is current when checked.
                    executor.execute(this::drain);
                    return;
                }
                continue;
            }
            if (catchingUp) {
                return;
            }
            if (tail.version() != seen) {
                continue;
            }
            long now = System.nanoTime();
            if (now - lastSent >= heartbeatNanos) {
                lastSent = now;
                sink.send(HEARTBEAT);
            }
            return;
        }
    }

    /** Emits one partition's records if any is ready; starts a catch-up read if one is behind. */
    private boolean serveOnePartition() {
        for (int tried = 0; tried < partitions.length; tried++) {
            int i = (turn + tried) % partitions.length;
            PartitionFeed feed = feed(i);
            if (feed == null || feed.end() <= next[i]) {
                continue; // nothing new: the common case of a live stream, decided without a read
            }
            FeedRead read = feed.read(next[i], chunk);
            if (read instanceof FeedRead.Records records) {
                if (records.records().isEmpty()) {
                    next[i] = Math.max(next[i], records.nextOffset());
                    continue;
                }
                turn = i + 1;
                emit(i, records);
                return true;
            }
            if (read instanceof FeedRead.BehindFeed behind) {
                turn = i + 1;
                catchUp(i, behind.feedStart());
                return false;
            }
        }
        return false;
    }

    /** Whether some partition has records past this stream's position. */
    private boolean hasMore() {
        for (int i = 0; i < partitions.length; i++) {
            PartitionFeed feed = feed(i);
            if (feed != null && feed.end() > next[i]) {
                return true;
            }
        }
        return false;
    }

    private PartitionFeed feed(int i) {
        PartitionFeed feed = feeds[i];
        if (feed == null) {
            feed = tail.feed(partitions[i]);
            feeds[i] = feed;
        }
        return feed;
    }

    private void catchUp(int i, long feedStart) {
        catchingUp = true;
        reads.catchUp(tail, partitions[i], next[i], feedStart, chunk)
                .subscribe(
                        records -> executor.execute(() -> {
                            catchingUp = false;
                            if (!closed) {
                                if (records.records().isEmpty()) {
                                    next[i] = Math.max(next[i], records.nextOffset());
                                } else {
                                    emit(i, records);
                                }
                                drain();
                            }
                        }),
                        error -> executor.execute(() -> {
                            catchingUp = false;
                            if (!closed) {
                                sink.fail(error);
                            }
                        }));
    }

    private void emit(int i, FeedRead.Records read) {
        List<FeedRecord> records = read.records();
        byte[] frame;
        if (records.size() == 1) {
            next[i] = records.get(0).offset() + 1;
            frame = records.get(0).event(renderer, keyFormat, valueFormat, partitions, next);
        } else {
            SseFrames frames = new SseFrames(records.size() * 320);
            for (FeedRecord record : records) {
                next[i] = record.offset() + 1;
                frames.append(record.event(renderer, keyFormat, valueFormat, partitions, next));
            }
            frame = frames.bytes();
        }
        next[i] = Math.max(next[i], read.nextOffset());
        delivered.accept(records.size());
        lastSent = System.nanoTime();
        sink.send(frame);
    }

    private String cursor() {
        return Cursor.format(partitions, next);
    }

    private void unregister() {
        try {
            if (registration != null) {
                registration.close();
                registration = null;
            }
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
