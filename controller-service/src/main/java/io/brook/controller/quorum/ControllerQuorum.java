package io.brook.controller.quorum;

import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataJson;
import io.brook.metadata.MetadataRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller's membership in the metadata quorum: a Ratis server hosting the {@link MetadataStateMachine}, and a
 * Ratis client to the same group through which this node submits records (the client finds the leader and follows
 * redirects).
 *
 * <p>The Raft group id is derived from the cluster id, and each voter's peer id is its node id, so every controller
 * configured with the same voters and cluster id forms the same group. Storage lives in {@code <dataDir>/raft}.
 *
 * <p>Threading: all methods are safe from any thread and never block, apart from {@link #start} and {@link #close}.
 * Submit futures complete on Ratis client threads or the feed's notifier thread.
 */
public final class ControllerQuorum implements MetadataQuorum, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerQuorum.class);
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(100, TimeUnit.MILLISECONDS);

    private final QuorumConfig config;
    private final RaftGroup group;
    private final ExecutorService notifier;
    private final MetadataStateMachine stateMachine;
    private final RaftServer server;
    private final RaftClient client;
    private volatile RaftServer.Division division;

    private ControllerQuorum(QuorumConfig config) throws IOException {
        this.config = config;
        this.group = RaftGroup.valueOf(
                groupId(config.clusterId()),
                config.voters().stream().map(ControllerQuorum::peer).toList());
        this.notifier = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "brook-metadata-notifier-" + config.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        this.stateMachine = new MetadataStateMachine(config.clusterId(), config.recentRecords(), notifier);
        stateMachine.addLeaderListener(leader -> log.info(
                "Controller {}: the quorum leader is now {}",
                config.nodeId(),
                leader.map(String::valueOf).orElse("unknown")));
        RaftProperties properties = raftProperties(config);
        Path storage = config.dataDir().resolve("raft");
        boolean existing =
                Files.isDirectory(storage.resolve(group.getGroupId().getUuid().toString()));
        this.server = RaftServer.newBuilder()
                .setServerId(peerId(config.nodeId()))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(stateMachine)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        long attempts = Math.max(1, config.requestTimeout().toMillis() / RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
        this.client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(group)
                .setProperties(properties)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep((int) attempts, RETRY_SLEEP))
                .build();
    }

    /** Builds and starts this node's Raft server; the quorum elects a leader once a majority runs. */
    public static ControllerQuorum start(QuorumConfig config) throws IOException {
        Files.createDirectories(config.dataDir());
        ControllerQuorum quorum = new ControllerQuorum(config);
        try {
            quorum.server.start();
            quorum.division = quorum.server.getDivision(quorum.group.getGroupId());
        } catch (IOException | RuntimeException e) {
            quorum.close();
            throw e;
        }
        log.info(
                "Controller {} started in cluster '{}' (Raft group {}, voters {})",
                config.nodeId(),
                config.clusterId(),
                quorum.group.getGroupId(),
                config.voters().stream().map(Voter::spec).toList());
        return quorum;
    }

    /** The Raft group id of the quorum of {@code clusterId}: the same on every controller. */
    public static RaftGroupId groupId(String clusterId) {
        return RaftGroupId.valueOf(
                UUID.nameUUIDFromBytes(("brook-controller/" + clusterId).getBytes(StandardCharsets.UTF_8)));
    }

    public QuorumConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<ApplyOutcome> submit(MetadataRecord record) {
        Message message = Message.valueOf(ByteString.copyFrom(MetadataJson.write(record)));
        CompletableFuture<ApplyOutcome> applied;
        try {
            applied = client.async().send(message).thenCompose(this::appliedHere);
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        long timeoutMs = config.requestTimeout().toMillis();
        return applied.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(translate(error, record, timeoutMs)));
    }

    @Override
    public CompletableFuture<Void> awaitApplied(long index) {
        long timeoutMs = config.requestTimeout().toMillis();
        return stateMachine
                .feed()
                .awaitApplied(index)
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(
                        new TimeoutException("Index " + index + " was not applied within " + timeoutMs + " ms")));
    }

    @Override
    public ClusterState state() {
        return stateMachine.feed().state();
    }

    @Override
    public long leaderTerm() {
        RaftServer.Division current = division;
        if (current == null) {
            return -1;
        }
        DivisionInfo info = current.getInfo();
        long term = info.getCurrentTerm();
        return info.isLeader() && info.isLeaderReady() ? term : -1;
    }

    @Override
    public Optional<Integer> leaderId() {
        RaftServer.Division current = division;
        if (current == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.getInfo().getLeaderId()).map(id -> Integer.parseInt(id.toString()));
    }

    /** {@code http://host:httpPort} of the leader, when known. */
    public Optional<String> leaderHttpUrl() {
        return leaderId().flatMap(config::voter).map(Voter::httpUrl);
    }

    /** Records after {@code after}, or a snapshot; see {@link MetadataFeed#read}. */
    public FeedRead read(long after) {
        return stateMachine.feed().read(after);
    }

    /** Completes when a record after {@code after} is applied here (or the state is replaced by a snapshot). */
    public CompletableFuture<Void> awaitAfter(long after) {
        return stateMachine.feed().awaitAfter(after);
    }

    /** Called with the new leader's id whenever the leader changes (on Ratis threads; must not block). */
    public void addLeaderListener(Consumer<Optional<Integer>> listener) {
        stateMachine.addLeaderListener(listener);
    }

    public QuorumStatus status() {
        RaftServer.Division current = division;
        if (current == null) {
            return new QuorumStatus(config.nodeId(), "UNKNOWN", null, 0, -1, -1, config.voters());
        }
        DivisionInfo info = current.getInfo();
        return new QuorumStatus(
                config.nodeId(),
                info.getCurrentRole().name(),
                leaderId().orElse(null),
                info.getCurrentTerm(),
                current.getRaftLog().getLastCommittedIndex(),
                info.getLastAppliedIndex(),
                config.voters());
    }

    /** Latest snapshot index on disk, or -1; for tests and status. */
    public long latestSnapshotIndex() {
        var snapshot = stateMachine.getLatestSnapshot();
        return snapshot == null ? -1 : snapshot.getIndex();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Closing the Raft client of controller {} failed", config.nodeId(), e);
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Closing the Raft server of controller {} failed", config.nodeId(), e);
        }
        notifier.shutdownNow();
        log.info("Controller {} stopped", config.nodeId());
    }

    private CompletableFuture<ApplyOutcome> appliedHere(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            return CompletableFuture.failedFuture(reply.getException());
        }
        ApplyOutcome outcome =
                ApplyOutcome.decode(reply.getMessage().getContent().toByteArray());
        // Read-your-writes on this node: answer once the local state machine has the record too.
        return stateMachine.feed().awaitApplied(outcome.index()).thenApply(ignored -> outcome);
    }

    /** Submit failures as Kafka errors: unknown outcome is a timeout, a refused entry an invalid request. */
    private RuntimeException translate(Throwable error, MetadataRecord record, long timeoutMs) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String what = record.getClass().getSimpleName();
        if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof RaftRetryFailureException) {
            return new TimeoutException(what + " was not committed within " + timeoutMs + " ms", cause);
        }
        if (cause instanceof StateMachineException) {
            return new InvalidRequestException(cause.getMessage(), cause);
        }
        if (cause instanceof AlreadyClosedException) {
            return new NotControllerException("Controller " + config.nodeId() + " is shutting down");
        }
        if (cause instanceof ApiException kafka) {
            return kafka;
        }
        return new TimeoutException(what + " failed with an unknown outcome: " + cause, cause);
    }

    private static RaftProperties raftProperties(QuorumConfig config) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(
                properties, List.of(config.dataDir().resolve("raft").toFile()));
        GrpcConfigKeys.Server.setPort(properties, config.self().raftPort());
        TimeDuration min = duration(config.electionTimeoutMin());
        TimeDuration max = duration(config.electionTimeoutMax());
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, max);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties, min);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties, max);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, duration(config.requestTimeout()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setCreationGap(properties, Math.min(1024, config.snapshotThreshold()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        return properties;
    }

    private static TimeDuration duration(Duration duration) {
        return TimeDuration.valueOf(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RaftPeer peer(Voter voter) {
        return RaftPeer.newBuilder()
                .setId(peerId(voter.id()))
                .setAddress(voter.raftAddress())
                .build();
    }

    private static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf(String.valueOf(nodeId));
    }
}
