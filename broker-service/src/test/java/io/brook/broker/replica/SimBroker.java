package io.brook.broker.replica;

import io.brook.broker.metadata.BrokerImage;
import io.brook.broker.metadata.MetadataImage;
import io.brook.broker.metadata.PartitionImage;
import io.brook.broker.metadata.TopicConfigs;
import io.brook.broker.metadata.TopicImage;
import io.brook.broker.partition.Partition;
import io.brook.broker.partition.PartitionManager;
import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataRecord.AlterPartition;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.TopicState;
import io.brook.storage.EpochEndOffset;
import io.brook.storage.FlushListener;
import io.brook.storage.LogCleanerConfig;
import io.brook.storage.LogManager;
import io.brook.storage.LogManagerConfig;
import io.brook.storage.LogReadResult;
import io.brook.storage.PartitionLog;
import io.brook.storage.errors.OffsetOutOfRangeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One broker process of the simulation, built from the production parts: a {@link LogManager} over its own
 * directory, a {@link PartitionManager} taking roles from the metadata it has applied, a
 * {@link ReplicaFetcherManager} whose fetchers are {@link SimFetcher}s, and an {@link IsrManager}. Its leader side
 * answers Fetch and OffsetForLeaderEpoch as the request handlers do, through the same {@link Partition} methods.
 *
 * <p>The process can be paused (it runs nothing; the network holds its messages) and restarted: its logs are
 * closed cleanly and reopened by a new incarnation, which reads the metadata anew and registers again.
 */
final class SimBroker {

    private final int id;
    private final Path dataDir;
    private final SimCluster cluster;
    private final SimNetwork network;
    private final SimController controller;
    private final SimCluster.Settings settings;
    private final TopicConfigs topicConfigs = new TopicConfigs(Map.of());
    private final List<SimFetcher> fetchers = new ArrayList<>();
    private long incarnation;
    private boolean paused;
    private long resumeAtMs;
    private boolean isolated;
    private long isolatedUntilMs;
    private long brokerEpoch = -1;
    private long appliedIndex;
    private MetadataImage image;
    private LogManager logManager;
    private PartitionManager partitions;
    private ReplicaFetcherManager replicaFetchers;
    private IsrManager isrManager;
    private long nextHeartbeatMs;
    private long nextIsrCheckMs;

    SimBroker(int id, Path dataDir, SimCluster cluster) {
        this.id = id;
        this.dataDir = dataDir;
        this.cluster = cluster;
        this.network = cluster.network();
        this.controller = cluster.controller();
        this.settings = cluster.settings();
    }

    int id() {
        return id;
    }

    SimCluster cluster() {
        return cluster;
    }

    long incarnation() {
        return incarnation;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    boolean isPaused() {
        return paused;
    }

    boolean isIsolated() {
        return isolated;
    }

    /** The partition if this broker believes it leads it. */
    Optional<Partition> led(TopicPartition tp) {
        return partitions.partition(tp);
    }

    Optional<PartitionLog> log(TopicPartition tp) {
        return logManager.log(tp);
    }

    /** Starts this incarnation on the metadata up to {@code index}; registers unless {@code epoch} is given. */
    void start(long index, long epoch) {
        logManager = new LogManager(
                new LogManagerConfig(dataDir, 1, 3_600_000L, 0),
                network,
                FlushListener.NONE,
                new LogCleanerConfig(false, 1, 1, 3_600_000L));
        partitions = new PartitionManager(id, logManager, topicConfigs, true, network::millis);
        replicaFetchers = new ReplicaFetcherManager(id, this::newFetcher);
        partitions.setFollowerRegistry(replicaFetchers);
        isrManager =
                new IsrManager(id, () -> brokerEpoch, settings.lagMaxMs(), partitions::ledPartitions, this::submit);
        appliedIndex = index;
        image = imageOf(controller.stateAt(index));
        partitions.startup(image);
        brokerEpoch = epoch;
        if (epoch < 0) {
            register();
        }
        nextHeartbeatMs = network.nowMs();
        nextIsrCheckMs = network.nowMs();
    }

    /** Stops the process, closing its logs cleanly; a new incarnation starts on the latest metadata. */
    void restart() {
        stop();
        incarnation++;
        paused = false;
        fetchers.clear();
        start(controller.lastIndex(), -1);
        cluster.trace("broker " + id + " restarted as incarnation " + incarnation);
    }

    void stop() {
        replicaFetchers.close();
        logManager.close();
    }

    void pause(long untilMs) {
        paused = true;
        resumeAtMs = untilMs;
    }

    void isolate(long untilMs) {
        isolated = true;
        isolatedUntilMs = untilMs;
    }

    /** Ends pauses and isolation that are over (all of them when {@code heal}). */
    void wake(boolean heal) {
        long now = network.nowMs();
        if (paused && (heal || now >= resumeAtMs)) {
            paused = false;
            cluster.trace("broker " + id + " resumes");
        }
        if (isolated && (heal || now >= isolatedUntilMs)) {
            isolated = false;
            cluster.trace("broker " + id + " rejoins the network");
        }
    }

    private LeaderFetcher newFetcher(int leaderId) {
        var config = new ReplicaFetcherConfig(
                0, settings.fetchMaxBytesPerPartition(), settings.fetchMaxBytes(), 1_000, () -> brokerEpoch);
        var fetcher =
                new SimFetcher(this, network, leaderId, config, settings.requestTimeoutMs(), settings.backoffMs());
        fetchers.add(fetcher);
        return fetcher;
    }

    /** One round of the broker's own work: metadata, fetchers, heartbeat, ISR check. Nothing while paused. */
    void tick(boolean catchUpFully) {
        if (paused) {
            return;
        }
        long latest = controller.lastIndex();
        if (latest > appliedIndex) {
            if (catchUpFully) {
                applyMetadata(latest);
            } else if (cluster.random().nextDouble() < settings.metadataCatchUpChance()) {
                applyMetadata(appliedIndex + 1 + cluster.random().nextInt((int) (latest - appliedIndex)));
            }
        }
        for (SimFetcher fetcher : fetchers) {
            fetcher.tick();
        }
        long now = network.nowMs();
        if (now >= nextHeartbeatMs) {
            heartbeat();
            nextHeartbeatMs = now + settings.heartbeatIntervalMs();
        }
        if (now >= nextIsrCheckMs) {
            isrManager.check();
            nextIsrCheckMs = now + settings.isrCheckIntervalMs();
        }
    }

    private void applyMetadata(long index) {
        MetadataImage next = imageOf(controller.stateAt(index));
        partitions.onMetadataChange(image, next);
        image = next;
        appliedIndex = index;
    }

    private void register() {
        var record = new RegisterBroker(id, "broker-" + id + "-" + incarnation, "sim", 9092, null);
        network.send(id, SimNetwork.CONTROLLER, () -> {
            long epoch = controller.register(record);
            network.send(SimNetwork.CONTROLLER, id, () -> {
                if (epoch >= 0 && brokerEpoch < 0) {
                    brokerEpoch = epoch;
                    cluster.trace("broker " + id + " registered with epoch " + epoch);
                }
            });
        });
        network.timer(id, settings.controllerTimeoutMs(), () -> {
            if (brokerEpoch < 0) {
                register();
            }
        });
    }

    private void heartbeat() {
        if (brokerEpoch < 0) {
            return;
        }
        long epoch = brokerEpoch;
        long applied = appliedIndex;
        network.send(id, SimNetwork.CONTROLLER, () -> {
            var answer = controller.heartbeat(id, epoch, applied, network.nowMs());
            network.send(SimNetwork.CONTROLLER, id, () -> {
                if (answer == SimController.HeartbeatAnswer.STALE_EPOCH && brokerEpoch == epoch) {
                    brokerEpoch = -1;
                    register();
                }
            });
        });
    }

    /** AlterPartition to the controller; fails with a timeout when no answer comes back in time. */
    private CompletableFuture<Errors> submit(AlterPartition record) {
        var done = new CompletableFuture<Errors>();
        network.send(id, SimNetwork.CONTROLLER, () -> {
            Errors outcome = controller.submit(record);
            network.send(SimNetwork.CONTROLLER, id, () -> done.complete(outcome));
        });
        network.timer(
                id,
                settings.controllerTimeoutMs(),
                () -> done.completeExceptionally(new TimeoutException("AlterPartition " + record + " timed out")));
        return done;
    }

    /** Fetch as the handler serves a follower: epoch check, the follower's position, then a read to the log end. */
    FetchResponseData answerFetch(FetchRequestData request) {
        int replicaId = Math.max(request.replicaId(), request.replicaState().replicaId());
        var response = new FetchResponseData().setSessionId(0).setErrorCode(Errors.NONE.code());
        int remaining = request.maxBytes();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            var topicResponse = new FetchResponseData.FetchableTopicResponse().setTopic(topic.topic());
            for (FetchRequestData.FetchPartition fetch : topic.partitions()) {
                var data = new FetchResponseData.PartitionData()
                        .setPartitionIndex(fetch.partition())
                        .setRecords(MemoryRecords.EMPTY)
                        .setHighWatermark(-1)
                        .setLastStableOffset(-1)
                        .setLogStartOffset(-1);
                Optional<Partition> partition = led(new TopicPartition(topic.topic(), fetch.partition()));
                Errors error = partition
                        .map(p -> p.checkLeaderEpoch(fetch.currentLeaderEpoch()))
                        .orElse(Errors.NOT_LEADER_OR_FOLLOWER);
                if (error == Errors.NONE) {
                    Partition p = partition.get();
                    try {
                        p.recordFollowerFetch(replicaId, fetch.fetchOffset());
                        int maxBytes = Math.max(0, Math.min(fetch.partitionMaxBytes(), remaining));
                        LogReadResult read =
                                p.readForFollower(fetch.fetchOffset(), maxBytes, remaining == request.maxBytes());
                        data.setHighWatermark(read.highWatermark())
                                .setLastStableOffset(read.highWatermark())
                                .setLogStartOffset(read.logStartOffset());
                        if (!read.records().isEmpty()) {
                            data.setRecords(
                                    MemoryRecords.readableRecords(read.records().readFully()));
                            remaining -= read.records().size();
                        }
                    } catch (OffsetOutOfRangeException e) {
                        error = Errors.OFFSET_OUT_OF_RANGE;
                        data.setHighWatermark(p.log().highWatermark())
                                .setLastStableOffset(p.log().highWatermark())
                                .setLogStartOffset(p.log().logStartOffset());
                    }
                }
                topicResponse.partitions().add(data.setErrorCode(error.code()));
            }
            response.responses().add(topicResponse);
        }
        return response;
    }

    /** OffsetForLeaderEpoch as the handler answers it. */
    OffsetForLeaderEpochResponseData answerOffsetForLeaderEpoch(OffsetForLeaderEpochRequestData request) {
        var response = new OffsetForLeaderEpochResponseData();
        for (var topic : request.topics()) {
            var result = new OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (var asked : topic.partitions()) {
                var answer = new OffsetForLeaderEpochResponseData.EpochEndOffset()
                        .setPartition(asked.partition())
                        .setLeaderEpoch(EpochEndOffset.UNDEFINED_EPOCH)
                        .setEndOffset(EpochEndOffset.UNDEFINED_EPOCH_OFFSET);
                Optional<Partition> partition = led(new TopicPartition(topic.topic(), asked.partition()));
                Errors error = partition
                        .map(p -> p.checkLeaderEpoch(asked.currentLeaderEpoch()))
                        .orElse(Errors.NOT_LEADER_OR_FOLLOWER);
                if (error == Errors.NONE) {
                    EpochEndOffset end = partition.get().log().lastOffsetForLeaderEpoch(asked.leaderEpoch());
                    answer.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
                }
                result.partitions().add(answer.setErrorCode(error.code()));
            }
            response.topics().add(result);
        }
        return response;
    }

    /** The broker's view of a cluster state, as {@code MetadataImages} builds it. */
    private MetadataImage imageOf(ClusterState state) {
        Map<Integer, BrokerImage> brokers = new HashMap<>();
        for (BrokerRegistration b : state.brokers().values()) {
            if (!b.fenced()) {
                brokers.put(b.id(), new BrokerImage(b.id(), b.host(), b.port(), b.rack()));
            }
        }
        Map<String, TopicImage> topics = new HashMap<>();
        for (TopicState t : state.topics().values()) {
            List<PartitionImage> partitionImages = t.partitions().stream()
                    .map(p -> new PartitionImage(
                            p.partition(), p.leader(), p.leaderEpoch(), p.replicas(), p.isr(), p.partitionEpoch()))
                    .toList();
            topics.put(t.name(), new TopicImage(t.name(), Uuid.fromString(t.id()), partitionImages, t.configs()));
        }
        return new MetadataImage(state.clusterId(), id, brokers, topics);
    }
}
