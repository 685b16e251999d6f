package io.brook.controller.quorum;

import io.brook.metadata.ApplyResult;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataApplier;
import io.brook.metadata.MetadataJson;
import io.brook.metadata.MetadataRecord;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.Errors;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of the controller quorum: the cluster metadata.
 *
 * <p>A log entry's data is one {@link MetadataRecord} as JSON ({@link MetadataJson#write}). Applying it runs
 * {@link MetadataApplier#apply} at the entry's index, publishes the new state and the record in the
 * {@link MetadataFeed}, and answers the submitter with an {@link ApplyOutcome}. A record the applier rejects is still
 * part of the log (brokers replay it to the same no-op), so the state's applied index moves on.
 *
 * <p>Snapshots: one JSON file of the {@link ClusterState} per snapshot in Ratis'
 * {@link SimpleStateMachineStorage} layout ({@code sm/snapshot.<term>_<index>} with an {@code .md5} beside it). The
 * file is written under a temporary name, forced to disk and renamed, so a crash never leaves a partial snapshot
 * under a snapshot name. Ratis triggers snapshots every {@code snapshotThreshold} applied entries and purges the log
 * up to them.
 *
 * <p>Threading: Ratis calls apply, snapshot and (re)initialize from its single state-machine updater thread. The
 * state and the last applied term-index change together under this object's monitor, so a snapshot never pairs a
 * state with another index. Leader-change listeners run on Ratis' threads and must not block.
 */
public final class MetadataStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(MetadataStateMachine.class);
    private static final String WRITING_PREFIX = "writing-";

    private final String clusterId;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final MetadataFeed feed;
    private final List<Consumer<Optional<Integer>>> leaderListeners = new CopyOnWriteArrayList<>();

    public MetadataStateMachine(String clusterId, int recentRecords, Executor notifier) {
        this.clusterId = clusterId;
        this.feed = new MetadataFeed(ClusterState.empty(clusterId), recentRecords, notifier);
    }

    /** The applied state and the recent records brokers follow. */
    public MetadataFeed feed() {
        return feed;
    }

    /** Called with the new leader's node id (empty while there is none) whenever Ratis reports a change. */
    public void addLeaderListener(Consumer<Optional<Integer>> listener) {
        leaderListeners.add(listener);
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        removeUnfinishedSnapshots(
                raftStorage.getStorageDir().getStateMachineDir().toPath());
        load(storage.getLatestSnapshot());
    }

    @Override
    public void reinitialize() throws IOException {
        // After an installed snapshot: the files are new, so look at the directory again.
        load(storage.loadLatestSnapshot());
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext transaction = super.startTransaction(request);
        try {
            MetadataJson.readRecord(request.getMessage().getContent().toByteArray());
        } catch (RuntimeException e) {
            // Refused before it reaches the log: the submitter gets a StateMachineException.
            transaction.setException(new IllegalArgumentException("Not a metadata record: " + e.getMessage(), e));
        }
        return transaction;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        long index = entry.getIndex();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        ApplyOutcome outcome;
        synchronized (this) {
            outcome = apply(index, data);
            updateLastAppliedTermIndex(entry.getTerm(), index);
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(outcome.encode())));
    }

    @Override
    public synchronized void notifyTermIndexUpdated(long term, long index) {
        // Configuration and leader no-op entries: nothing to apply, but the applied index moves.
        super.notifyTermIndexUpdated(term, index);
    }

    @Override
    public long takeSnapshot() throws IOException {
        ClusterState state;
        TermIndex applied;
        synchronized (this) {
            state = feed.state();
            applied = getLastAppliedTermIndex();
        }
        if (applied == null || applied.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        File file = storage.getSnapshotFile(applied.getTerm(), applied.getIndex());
        Path target = file.toPath();
        Path writing = target.resolveSibling(WRITING_PREFIX + file.getName());
        try (FileChannel channel = FileChannel.open(
                writing, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(MetadataJson.write(state));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(writing, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target, md5), applied));
        log.info(
                "Snapshot of the metadata at {} written ({} brokers, {} topics)",
                applied,
                state.brokers().size(),
                state.topics().size());
        return applied.getIndex();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
        Optional<Integer> leader = Optional.ofNullable(newLeaderId).map(id -> Integer.parseInt(id.toString()));
        for (Consumer<Optional<Integer>> listener : leaderListeners) {
            try {
                listener.accept(leader);
            } catch (RuntimeException e) {
                log.warn("A leader-change listener failed", e);
            }
        }
    }

    private ApplyOutcome apply(long index, byte[] data) {
        MetadataRecord record;
        try {
            record = MetadataJson.readRecord(data);
        } catch (RuntimeException e) {
            // startTransaction keeps such entries out of the log; one written by another version is skipped alike
            // by every controller, so the states stay equal.
            log.error("Log entry {} is not a metadata record; skipped", index, e);
            return new ApplyOutcome(Errors.INVALID_REQUEST, "Not a metadata record: " + e.getMessage(), index);
        }
        ApplyResult result = MetadataApplier.apply(feed.state(), index, record);
        feed.append(index, record, result.state());
        return new ApplyOutcome(result.error(), result.message(), index);
    }

    /** Snapshot files a crash interrupted before their rename; never read, so just removed. */
    private static void removeUnfinishedSnapshots(Path stateMachineDir) throws IOException {
        if (!Files.isDirectory(stateMachineDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(stateMachineDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(WRITING_PREFIX))
                    .toList()) {
                log.warn("Removing unfinished snapshot file {}", file);
                Files.deleteIfExists(file);
            }
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path file = snapshot.getFile().getPath();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
        }
        ClusterState state = MetadataJson.readState(Files.readAllBytes(file));
        if (!clusterId.equals(state.clusterId())) {
            throw new IOException("Snapshot " + file + " belongs to cluster '" + state.clusterId()
                    + "', but this controller is configured for cluster '" + clusterId + "'");
        }
        synchronized (this) {
            setLastAppliedTermIndex(snapshot.getTermIndex());
            feed.reset(state);
        }
        log.info(
                "Loaded the metadata snapshot at {} ({} brokers, {} topics)",
                snapshot.getTermIndex(),
                state.brokers().size(),
                state.topics().size());
    }
}
