package io.brook.broker.replica;

import io.brook.storage.EpochEndOffset;
import io.brook.storage.PartitionLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the partitions one leader broker leads into this broker's logs, on a thread of its own.
 *
 * <p>Each partition first settles where its log and the leader's agree: it asks the leader (OffsetForLeaderEpoch)
 * for the end of the latest epoch this log holds, and truncates whatever lies beyond, the divergent tail a former
 * leader may carry after a failover. Then it fetches from its log end with the Fetch API as replica {@code brokerId}
 * at the leader epoch the metadata gave, appends what arrives as it is (offsets and epochs kept), and takes the
 * leader's high watermark, capped by its own log end. A fetch that the leader refuses for its epoch waits for the
 * metadata to name the new leader; the partition then comes back through {@link #add} with the new epoch and
 * truncates again.
 *
 * <p>Threading: the fetcher thread does all I/O; {@link #add} and {@link #remove} may come from the metadata thread.
 * Changes to the logs happen under {@link #applyLock}, which {@link #remove} also takes, so once {@code remove}
 * returns the fetcher no longer touches that log and a new leader may append to it.
 */
final class ReplicaFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcher.class);
    private static final short FETCH_VERSION = 12;
    private static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 4;
    private static final long BACKOFF_MS = 100;

    /** A followed partition: its log, the leader epoch to fetch at, and whether its tail has been settled. */
    private record Followed(PartitionLog log, int leaderEpoch, boolean truncated) {
        Followed settled() {
            return new Followed(log, leaderEpoch, true);
        }
    }

    private final int leaderId;
    private final int brokerId;
    private final ReplicaFetcherConfig config;
    private final IntFunction<Optional<InetSocketAddress>> addresses;
    private final Map<TopicPartition, Followed> partitions = new ConcurrentHashMap<>();
    private final Object applyLock = new Object();
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
        this.thread = new Thread(this::run, "brook-replica-fetcher-" + leaderId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Follows {@code tp} at {@code leaderEpoch}; a new epoch settles the tail again. */
    void add(TopicPartition tp, PartitionLog partitionLog, int leaderEpoch) {
        synchronized (applyLock) {
            Followed current = partitions.get(tp);
            if (current == null || current.leaderEpoch() != leaderEpoch || current.log() != partitionLog) {
                partitionLog.enableReplicatedHighWatermark();
                partitions.put(tp, new Followed(partitionLog, leaderEpoch, false));
            }
        }
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** Stops following {@code tp}; when this returns, the fetcher no longer changes its log. */
    void remove(TopicPartition tp) {
        synchronized (applyLock) {
            partitions.remove(tp);
        }
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    private void run() {
        while (running) {
            try {
                if (partitions.isEmpty()) {
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

    /** OffsetForLeaderEpoch for every partition not yet settled, then truncation to where the leader agrees. */
    private void settleTails() throws IOException {
        var topics = new OffsetForLeaderTopicCollection();
        Map<TopicPartition, Followed> asked = new HashMap<>();
        partitions.forEach((tp, followed) -> {
            if (followed.truncated()) {
                return;
            }
            OptionalInt latest = followed.log().latestLeaderEpoch();
            if (latest.isEmpty()) {
                settle(tp, followed, null);
                return;
            }
            OffsetForLeaderTopic topic = topics.find(tp.topic());
            if (topic == null) {
                topic = new OffsetForLeaderTopic().setTopic(tp.topic());
                topics.add(topic);
            }
            topic.partitions()
                    .add(new OffsetForLeaderPartition()
                            .setPartition(tp.partition())
                            .setCurrentLeaderEpoch(followed.leaderEpoch())
                            .setLeaderEpoch(latest.getAsInt()));
            asked.put(tp, followed);
        });
        if (asked.isEmpty()) {
            return;
        }
        OffsetsForLeaderEpochResponse response = channel.call(
                OffsetsForLeaderEpochRequest.Builder.forFollower(topics, brokerId)
                        .build(OFFSET_FOR_LEADER_EPOCH_VERSION),
                ApiKeys.OFFSET_FOR_LEADER_EPOCH,
                OFFSET_FOR_LEADER_EPOCH_VERSION,
                config.requestTimeoutMs());
        for (var topic : response.data().topics()) {
            for (OffsetForLeaderEpochResponseData.EpochEndOffset p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partition());
                Followed followed = asked.get(tp);
                if (followed == null) {
                    continue;
                }
                if (p.errorCode() == Errors.NONE.code()) {
                    settle(tp, followed, new EpochEndOffset(p.leaderEpoch(), p.endOffset()));
                } else {
                    log.debug(
                            "OffsetForLeaderEpoch {} from leader {}: {}", tp, leaderId, Errors.forCode(p.errorCode()));
                }
            }
        }
    }

    /**
     * Truncates to where this log and the leader's agree: the end of the leader's latest epoch not newer than ours,
     * but not beyond our own end of that epoch; with no common epoch, to our high watermark.
     */
    private void settle(TopicPartition tp, Followed followed, EpochEndOffset leaderEnd) {
        synchronized (applyLock) {
            if (partitions.get(tp) != followed) {
                return;
            }
            PartitionLog partitionLog = followed.log();
            if (leaderEnd != null) {
                long truncateTo;
                if (leaderEnd.isUndefined()) {
                    truncateTo = partitionLog.highWatermark();
                } else {
                    EpochEndOffset own = partitionLog.lastOffsetForLeaderEpoch(leaderEnd.epoch());
                    long ownEnd = own.isUndefined() ? partitionLog.logEndOffset() : own.endOffset();
                    truncateTo = Math.min(leaderEnd.endOffset(), ownEnd);
                }
                if (truncateTo < partitionLog.logEndOffset()) {
                    log.info(
                            "Broker {} truncates {} from {} to {} to follow leader {} at epoch {}",
                            brokerId,
                            tp,
                            partitionLog.logEndOffset(),
                            truncateTo,
                            leaderId,
                            followed.leaderEpoch());
                    partitionLog.truncateTo(truncateTo);
                }
            }
            partitions.put(tp, followed.settled());
        }
    }

    /** One fetch of every settled partition; false when nothing could be fetched (back off). */
    private boolean fetchOnce() throws IOException {
        Map<TopicPartition, FetchRequest.PartitionData> fetchData = new LinkedHashMap<>();
        Map<TopicPartition, Followed> asked = new HashMap<>();
        partitions.forEach((tp, followed) -> {
            if (followed.truncated()) {
                PartitionLog partitionLog = followed.log();
                fetchData.put(
                        tp,
                        new FetchRequest.PartitionData(
                                Uuid.ZERO_UUID,
                                partitionLog.logEndOffset(),
                                partitionLog.logStartOffset(),
                                config.fetchMaxBytesPerPartition(),
                                Optional.of(followed.leaderEpoch())));
                asked.put(tp, followed);
            }
        });
        if (fetchData.isEmpty()) {
            return false;
        }
        FetchRequest request = FetchRequest.Builder.forReplica(
                        FETCH_VERSION,
                        brokerId,
                        config.brokerEpoch().getAsLong(),
                        config.fetchWaitMaxMs(),
                        1,
                        fetchData)
                .setMaxBytes(config.fetchMaxBytes())
                .build(FETCH_VERSION);
        FetchResponse response = channel.call(
                request, ApiKeys.FETCH, FETCH_VERSION, config.fetchWaitMaxMs() + config.requestTimeoutMs());
        boolean progress = false;
        for (FetchResponseData.FetchableTopicResponse topic : response.data().responses()) {
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partitionIndex());
                progress |= apply(tp, asked.get(tp), p);
            }
        }
        return progress;
    }

    private boolean apply(TopicPartition tp, Followed followed, FetchResponseData.PartitionData p) {
        if (followed == null) {
            return false;
        }
        synchronized (applyLock) {
            if (partitions.get(tp) != followed) {
                return false;
            }
            PartitionLog partitionLog = followed.log();
            Errors error = Errors.forCode(p.errorCode());
            if (error == Errors.NONE) {
                if (p.records() instanceof MemoryRecords records && records.sizeInBytes() > 0) {
                    partitionLog.appendAsFollower(records);
                }
                partitionLog.updateHighWatermark(Math.min(p.highWatermark(), partitionLog.logEndOffset()));
                return true;
            }
            if (error == Errors.OFFSET_OUT_OF_RANGE) {
                if (p.logStartOffset() > partitionLog.logEndOffset()) {
                    log.info("Broker {} restarts {} at the leader's log start {}", brokerId, tp, p.logStartOffset());
                    partitionLog.truncateFullyAndStartAt(p.logStartOffset());
                } else {
                    partitions.put(tp, new Followed(partitionLog, followed.leaderEpoch(), false));
                }
                return true;
            }
            log.debug("Fetch of {} from leader {} at epoch {}: {}", tp, leaderId, followed.leaderEpoch(), error);
            return false;
        }
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
