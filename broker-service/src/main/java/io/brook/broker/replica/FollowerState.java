package io.brook.broker.replica;

import io.brook.storage.EpochEndOffset;
import io.brook.storage.PartitionLog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's side of replication from one leader, without I/O: what to ask the leader next and what to do with
 * its answers. {@link ReplicaFetcher} sends the requests built here over a socket; the replication simulation test
 * hands them to simulated leaders, so both run the same rules.
 *
 * <p>Each partition first settles where its log and the leader's agree (KIP-101, KIP-279): it asks the leader
 * (OffsetForLeaderEpoch) for the end of the latest epoch this log holds and truncates what lies beyond. When the
 * leader does not have that epoch, the answer names an older one (or none); the follower then drops the epochs the
 * leader lacks and asks again about its new latest epoch, until both name the same epoch. It never truncates to its
 * high watermark on a guess: a replica in the ISR may be elected before it fetched again, and would lose what it cut.
 * A settled partition fetches from its log end at the leader epoch the metadata gave, appends what arrives as it is
 * (offsets and epochs kept), and takes the leader's high watermark, capped by its own log end. A fetch the leader
 * refuses for its epoch waits for the metadata to name the new leader; the partition then comes back through
 * {@link #add} with the new epoch and settles again.
 *
 * <p>Threading: any thread may call any method. Every change to a log happens under {@link #applyLock}, which
 * {@link #remove} also takes, so once {@code remove} returns no answer still being applied touches that log, and a
 * new leader may append to it. An answer applies only to the partitions it was asked for, in the state they were in
 * when it was asked ({@link Followed} instances are compared by identity).
 */
final class FollowerState {

    private static final Logger log = LoggerFactory.getLogger(FollowerState.class);
    static final short FETCH_VERSION = 12;
    static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 4;

    /** A followed partition: its log, the leader epoch to fetch at, and whether its tail has been settled. */
    record Followed(PartitionLog log, int leaderEpoch, boolean settled) {
        Followed asSettled() {
            return new Followed(log, leaderEpoch, true);
        }

        Followed asUnsettled() {
            return new Followed(log, leaderEpoch, false);
        }
    }

    /** An OffsetForLeaderEpoch request and the partitions it asks about, as they were when it was built. */
    record EpochQuery(OffsetsForLeaderEpochRequest request, Map<TopicPartition, Followed> asked) {}

    /** A Fetch request and the partitions it fetches, as they were when it was built. */
    record FetchQuery(FetchRequest request, Map<TopicPartition, Followed> asked) {}

    private final int leaderId;
    private final int brokerId;
    private final ReplicaFetcherConfig config;
    private final Map<TopicPartition, Followed> partitions = new ConcurrentHashMap<>();
    private final Object applyLock = new Object();

    FollowerState(int leaderId, int brokerId, ReplicaFetcherConfig config) {
        this.leaderId = leaderId;
        this.brokerId = brokerId;
        this.config = config;
    }

    /** Follows {@code tp} at {@code leaderEpoch}; a new epoch or log settles the tail again. */
    void add(TopicPartition tp, PartitionLog partitionLog, int leaderEpoch) {
        synchronized (applyLock) {
            Followed current = partitions.get(tp);
            if (current == null || current.leaderEpoch() != leaderEpoch || current.log() != partitionLog) {
                partitionLog.enableReplicatedHighWatermark();
                partitions.put(tp, new Followed(partitionLog, leaderEpoch, false));
            }
        }
    }

    /** Stops following {@code tp}; when this returns, no answer changes its log any more. */
    void remove(TopicPartition tp) {
        synchronized (applyLock) {
            partitions.remove(tp);
        }
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    /** The state of {@code tp}, for tests. */
    Optional<Followed> followed(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /**
     * OffsetForLeaderEpoch for every partition whose tail is not settled yet, asking about the latest epoch its log
     * holds; empty when there is none to ask about. A log holding no epoch at all has nothing to diverge and is
     * settled at once.
     */
    Optional<EpochQuery> epochQuery() {
        var topics = new OffsetForLeaderTopicCollection();
        Map<TopicPartition, Followed> asked = new HashMap<>();
        partitions.forEach((tp, followed) -> {
            if (followed.settled()) {
                return;
            }
            OptionalInt latest = followed.log().latestLeaderEpoch();
            if (latest.isEmpty()) {
                markSettled(tp, followed);
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
            return Optional.empty();
        }
        var request = OffsetsForLeaderEpochRequest.Builder.forFollower(topics, brokerId)
                .build(OFFSET_FOR_LEADER_EPOCH_VERSION);
        return Optional.of(new EpochQuery(request, asked));
    }

    /**
     * Truncates each asked partition as the leader's answer says. Returns true when some partition took an
     * intermediate step (it dropped epochs the leader does not have) and must be asked about again.
     */
    boolean onEpochAnswer(EpochQuery query, OffsetForLeaderEpochResponseData response) {
        boolean askAgain = false;
        for (var topic : response.topics()) {
            for (OffsetForLeaderEpochResponseData.EpochEndOffset p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partition());
                Followed followed = query.asked().get(tp);
                if (followed == null) {
                    continue;
                }
                if (p.errorCode() == Errors.NONE.code()) {
                    askAgain |= settle(tp, followed, new EpochEndOffset(p.leaderEpoch(), p.endOffset()));
                } else {
                    log.debug(
                            "OffsetForLeaderEpoch {} from leader {}: {}", tp, leaderId, Errors.forCode(p.errorCode()));
                }
            }
        }
        return askAgain;
    }

    /**
     * Truncates to where this log and the leader's agree, given the leader's end of the latest epoch it has that is
     * not newer than ours. Returns true when the partition is not settled yet and must ask again.
     *
     * <ul>
     *   <li>The leader has that epoch too: cut at the smaller of the two ends of it. Settled.
     *   <li>The leader answers an epoch this log does not have: our epochs above the largest one we share below it
     *       are not on the leader; cut them and ask about our new latest epoch.
     *   <li>The leader has no epoch up to ours (undefined answer): every record of our latest epoch is missing
     *       there; cut from that epoch's start and ask again.
     * </ul>
     */
    private boolean settle(TopicPartition tp, Followed followed, EpochEndOffset leaderEnd) {
        synchronized (applyLock) {
            if (partitions.get(tp) != followed) {
                return false;
            }
            PartitionLog partitionLog = followed.log();
            OptionalInt latest = partitionLog.latestLeaderEpoch();
            if (latest.isEmpty()) {
                partitions.put(tp, followed.asSettled());
                return false;
            }
            long logEnd = partitionLog.logEndOffset();
            long truncateTo;
            boolean settled;
            if (leaderEnd.isUndefined()) {
                truncateTo = startOfEpoch(partitionLog, latest.getAsInt());
                settled = false;
            } else {
                EpochEndOffset own = partitionLog.lastOffsetForLeaderEpoch(leaderEnd.epoch());
                if (own.isUndefined()) {
                    truncateTo = Math.min(leaderEnd.endOffset(), logEnd);
                    settled = true;
                } else if (own.epoch() == leaderEnd.epoch()) {
                    truncateTo = Math.min(leaderEnd.endOffset(), own.endOffset());
                    settled = true;
                } else {
                    truncateTo = own.endOffset();
                    settled = false;
                }
            }
            if (!settled && truncateTo >= logEnd) {
                // Cannot happen while every epoch the log knows starts with a record of it. Guessing (say, the high
                // watermark, which may lag what is committed) could lose records; stay unsettled and visible.
                log.warn(
                        "Broker {} cannot settle {} against leader {}: answer {} leaves its log end {} in place",
                        brokerId,
                        tp,
                        leaderId,
                        leaderEnd,
                        logEnd);
                return false;
            }
            if (truncateTo < logEnd) {
                log.info(
                        "Broker {} truncates {} from {} to {} to follow leader {} at epoch {}",
                        brokerId,
                        tp,
                        logEnd,
                        truncateTo,
                        leaderId,
                        followed.leaderEpoch());
                partitionLog.truncateTo(truncateTo);
            }
            if (settled || partitionLog.latestLeaderEpoch().isEmpty()) {
                partitions.put(tp, followed.asSettled());
                return false;
            }
            // Still unsettled: a new instance, so that an answer to the previous question no longer applies.
            partitions.put(tp, followed.asUnsettled());
            return true;
        }
    }

    /** The first offset of {@code epoch}, the latest epoch of {@code partitionLog}. */
    private static long startOfEpoch(PartitionLog partitionLog, int epoch) {
        if (epoch > 0) {
            // The end of the largest epoch below ours is where ours starts (or, with none below, our first epoch's
            // start, which is ours).
            EpochEndOffset before = partitionLog.lastOffsetForLeaderEpoch(epoch - 1);
            if (!before.isUndefined()) {
                return before.endOffset();
            }
        }
        return partitionLog.logStartOffset();
    }

    private void markSettled(TopicPartition tp, Followed followed) {
        synchronized (applyLock) {
            if (partitions.get(tp) == followed) {
                partitions.put(tp, followed.asSettled());
            }
        }
    }

    /** A fetch of every settled partition from its log end; empty when none is settled. */
    Optional<FetchQuery> fetchQuery() {
        Map<TopicPartition, FetchRequest.PartitionData> fetchData = new LinkedHashMap<>();
        Map<TopicPartition, Followed> asked = new HashMap<>();
        partitions.forEach((tp, followed) -> {
            if (followed.settled()) {
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
            return Optional.empty();
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
        return Optional.of(new FetchQuery(request, asked));
    }

    /** Applies a fetch answer; false when nothing could be applied (the caller backs off). */
    boolean onFetchAnswer(FetchQuery query, FetchResponseData response) {
        boolean progress = false;
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.topic(), p.partitionIndex());
                progress |= apply(tp, query.asked().get(tp), p);
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
                    partitions.put(tp, followed.asUnsettled());
                }
                return true;
            }
            log.debug("Fetch of {} from leader {} at epoch {}: {}", tp, leaderId, followed.leaderEpoch(), error);
            return false;
        }
    }
}
