package io.brook.broker.replica;

import io.brook.storage.PartitionLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the partitions one leader broker leads into this broker's logs, on a thread of its own: the I/O loop
 * around a {@link FollowerState}, which decides what to ask and applies the answers. Each round first settles the
 * tails that need it (OffsetForLeaderEpoch, repeated while the leader's answers take intermediate steps), then
 * fetches every settled partition once; a round that could fetch nothing backs off.
 *
 * <p>Threading: the fetcher thread does all I/O; {@link #add} and {@link #remove} may come from the metadata thread.
 * Changes to the logs happen under the follower state's apply lock, which {@link #remove} also takes, so once
 * {@code remove} returns the fetcher no longer touches that log and a new leader may append to it.
 */
final class ReplicaFetcher implements LeaderFetcher {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcher.class);
    private static final long BACKOFF_MS = 100;

    private final int leaderId;
    private final int brokerId;
    private final ReplicaFetcherConfig config;
    private final IntFunction<Optional<InetSocketAddress>> addresses;
    private final FollowerState state;
    private final Object idle = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private LeaderChannel channel;

    ReplicaFetcher(
            int leaderId,
            int brokerId,
            ReplicaFetcherConfig config,
            IntFunction<Optional<InetSocketAddress>> addresses) {
        this.leaderId = leaderId;
        this.brokerId = brokerId;
        this.config = config;
        this.addresses = addresses;
        this.state = new FollowerState(leaderId, brokerId, config);
        this.thread = new Thread(this::run, "brook-replica-fetcher-" + leaderId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void add(TopicPartition tp, PartitionLog partitionLog, int leaderEpoch) {
        state.add(tp, partitionLog, leaderEpoch);
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    @Override
    public void remove(TopicPartition tp) {
        state.remove(tp);
    }

    boolean isEmpty() {
        return state.isEmpty();
    }

    private void run() {
        while (running) {
            try {
                if (state.isEmpty()) {
                    synchronized (idle) {
                        idle.wait(BACKOFF_MS);
                    }
                    continue;
                }
                connect();
                settleTails();
                if (!fetchOnce()) {
                    pause();
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.debug("Replica fetcher {} <- leader {}: {}", brokerId, leaderId, e.toString());
                    disconnect();
                    pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void connect() throws IOException {
        if (channel != null) {
            return;
        }
        InetSocketAddress address = addresses
                .apply(leaderId)
                .orElseThrow(() -> new IOException("leader " + leaderId + " has no registered endpoint"));
        channel = LeaderChannel.connect(address, config.requestTimeoutMs(), "brook-replica-" + brokerId);
    }

    /** OffsetForLeaderEpoch for the partitions not yet settled, again while an answer asks for another round. */
    private void settleTails() throws IOException {
        boolean again = true;
        while (again && running) {
            Optional<FollowerState.EpochQuery> query = state.epochQuery();
            if (query.isEmpty()) {
                return;
            }
            OffsetsForLeaderEpochResponse response = channel.call(
                    query.get().request(),
                    ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                    FollowerState.OFFSET_FOR_LEADER_EPOCH_VERSION,
                    config.requestTimeoutMs());
            again = state.onEpochAnswer(query.get(), response.data());
        }
    }

    /** One fetch of every settled partition; false when nothing could be fetched (back off). */
    private boolean fetchOnce() throws IOException {
        Optional<FollowerState.FetchQuery> query = state.fetchQuery();
        if (query.isEmpty()) {
            return false;
        }
        FetchResponse response = channel.call(
                query.get().request(),
                ApiKeys.FETCH,
                FollowerState.FETCH_VERSION,
                config.fetchWaitMaxMs() + config.requestTimeoutMs());
        return state.onFetchAnswer(query.get(), response.data());
    }

    private void disconnect() {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void pause() {
        try {
            synchronized (idle) {
                idle.wait(BACKOFF_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
    }
}
