package io.brook.broker.replica;

import io.brook.storage.PartitionLog;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;

/**
 * A follower's link to one leader in the simulation: the I/O loop of {@link ReplicaFetcher} over simulated messages,
 * driving the same {@link FollowerState}. One request at a time, as on the fetcher's blocking connection: an answer
 * that does not belong to the request in flight (it timed out, the connection was dropped) is ignored. Each round
 * settles the tails that need it, then fetches; a round that got nothing backs off.
 */
final class SimFetcher implements LeaderFetcher {

    private final SimBroker follower;
    private final SimNetwork network;
    private final FollowerState state;
    private final int leaderId;
    private final long requestTimeoutMs;
    private final long backoffMs;
    private long inFlight;
    private long requests;
    private long sentAtMs;
    private long nextAttemptMs;
    private boolean fetchNext;
    private boolean closed;

    SimFetcher(
            SimBroker follower,
            SimNetwork network,
            int leaderId,
            ReplicaFetcherConfig config,
            long requestTimeoutMs,
            long backoffMs) {
        this.follower = follower;
        this.network = network;
        this.leaderId = leaderId;
        this.state = new FollowerState(leaderId, follower.id(), config);
        this.requestTimeoutMs = requestTimeoutMs;
        this.backoffMs = backoffMs;
    }

    @Override
    public void add(TopicPartition tp, PartitionLog log, int leaderEpoch) {
        state.add(tp, log, leaderEpoch);
        nextAttemptMs = 0;
    }

    @Override
    public void remove(TopicPartition tp) {
        state.remove(tp);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Sends the next request if none is in flight (a timed-out one counts as a dropped connection). */
    void tick() {
        long now = network.nowMs();
        if (closed || state.isEmpty()) {
            return;
        }
        if (inFlight != 0) {
            if (now - sentAtMs < requestTimeoutMs) {
                return;
            }
            inFlight = 0;
            fetchNext = false;
            nextAttemptMs = now + backoffMs;
        }
        if (now < nextAttemptMs) {
            return;
        }
        if (!fetchNext) {
            Optional<FollowerState.EpochQuery> epochs = state.epochQuery();
            if (epochs.isPresent()) {
                sendEpochQuery(epochs.get());
                return;
            }
        }
        fetchNext = false;
        Optional<FollowerState.FetchQuery> fetch = state.fetchQuery();
        if (fetch.isPresent()) {
            sendFetch(fetch.get());
        } else {
            nextAttemptMs = now + backoffMs;
        }
    }

    private long begin() {
        inFlight = ++requests;
        sentAtMs = network.nowMs();
        return inFlight;
    }

    private void sendEpochQuery(FollowerState.EpochQuery query) {
        long id = begin();
        int self = follower.id();
        SimCluster cluster = follower.cluster();
        network.send(self, leaderId, () -> {
            OffsetForLeaderEpochResponseData answer = cluster.broker(leaderId)
                    .answerOffsetForLeaderEpoch(query.request().data());
            network.send(leaderId, self, () -> onEpochAnswer(id, query, answer));
        });
    }

    private void sendFetch(FollowerState.FetchQuery query) {
        long id = begin();
        int self = follower.id();
        SimCluster cluster = follower.cluster();
        network.send(self, leaderId, () -> {
            FetchResponseData answer =
                    cluster.broker(leaderId).answerFetch(query.request().data());
            network.send(leaderId, self, () -> onFetchAnswer(id, query, answer));
        });
    }

    private void onEpochAnswer(long id, FollowerState.EpochQuery query, OffsetForLeaderEpochResponseData answer) {
        if (closed || id != inFlight) {
            return;
        }
        inFlight = 0;
        boolean again = state.onEpochAnswer(query, answer);
        fetchNext = !again;
    }

    private void onFetchAnswer(long id, FollowerState.FetchQuery query, FetchResponseData answer) {
        if (closed || id != inFlight) {
            return;
        }
        inFlight = 0;
        if (!state.onFetchAnswer(query, answer)) {
            nextAttemptMs = network.nowMs() + backoffMs;
        }
    }
}
