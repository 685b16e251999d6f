package io.brook.controller.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.controller.EmbeddedController;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataJson;
import io.brook.metadata.MetadataRecord;
import io.brook.metadata.MetadataRecord.DeleteTopic;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine inside a real single-node Ratis server on a temporary directory. */
class MetadataStateMachineTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final String voters = EmbeddedController.voters(1);
    private ControllerQuorum quorum;

    @AfterEach
    void stop() {
        if (quorum != null) {
            quorum.close();
        }
    }

    @Test
    void appliesRecordsInLogOrderAndAnswersTheirOutcome() throws Exception {
        quorum = start(10_000);

        ApplyOutcome registered = submit(register(1));
        ApplyOutcome rejected = submit(new DeleteTopic("missing"));

        assertThat(registered.isOk()).isTrue();
        assertThat(quorum.state().broker(1).orElseThrow().epoch()).isEqualTo(registered.index());
        assertThat(rejected.error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(rejected.index()).isGreaterThan(registered.index());
        assertThat(quorum.state().lastAppliedIndex()).isEqualTo(rejected.index());
        assertThat(quorum.read(0).records())
                .extracting(IndexedRecord::index)
                .containsExactly(registered.index(), rejected.index());
        assertThat(quorum.state().clusterId()).isEqualTo("sm-test");
        assertThat(quorum.status().role()).isEqualTo("LEADER");
    }

    @Test
    void snapshotIsTakenAndReloadedAfterARestart() throws Exception {
        quorum = start(5);
        for (int id = 1; id <= 12; id++) {
            submit(register(id));
        }
        await().atMost(WAIT).until(() -> quorum.latestSnapshotIndex() > 0);
        ClusterState before = quorum.state();
        quorum.close();

        Path smDir = dir.resolve("raft")
                .resolve(ControllerQuorum.groupId("sm-test").getUuid().toString())
                .resolve("sm");
        List<Path> snapshots;
        try (Stream<Path> files = Files.list(smDir)) {
            snapshots = files.filter(f -> f.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                    .toList();
        }
        assertThat(snapshots).isNotEmpty().allSatisfy(f -> {
            assertThat(Path.of(f + ".md5")).exists();
            assertThat(MetadataJson.readState(Files.readAllBytes(f)).clusterId())
                    .isEqualTo("sm-test");
        });

        Path unfinished = Files.writeString(smDir.resolve("writing-snapshot.1_999"), "{\"clusterId\":");

        quorum = start(5);
        await().atMost(WAIT).until(() -> before.equals(quorum.state()));
        assertThat(unfinished).doesNotExist();
        assertThat(quorum.latestSnapshotIndex()).isPositive();
        assertThat(quorum.read(0).snapshot())
                .as("the log before the snapshot is gone")
                .isNotNull();

        await().atMost(WAIT).until(quorum::isLeader);
        ApplyOutcome after = submit(register(13));
        assertThat(after.isOk()).isTrue();
        assertThat(quorum.state().brokers()).hasSize(13);
    }

    @Test
    void longPollWakesWhenARecordIsApplied() throws Exception {
        quorum = start(10_000);
        submit(register(1));
        long last = quorum.state().lastAppliedIndex();

        CompletableFuture<Void> waiting = quorum.awaitAfter(last);
        assertThat(waiting).isNotDone();
        ApplyOutcome next = submit(register(2));

        await().atMost(WAIT).until(waiting::isDone);
        assertThat(quorum.read(last).records()).extracting(IndexedRecord::index).containsExactly(next.index());
    }

    private ControllerQuorum start(long snapshotThreshold) throws IOException {
        QuorumConfig config = new QuorumConfig(
                1,
                "sm-test",
                Voter.parseList(voters),
                dir,
                Duration.ofMillis(200),
                Duration.ofMillis(400),
                Duration.ofSeconds(10),
                snapshotThreshold,
                10_000);
        ControllerQuorum started = ControllerQuorum.start(config);
        await().atMost(WAIT).until(started::isLeader);
        return started;
    }

    private ApplyOutcome submit(MetadataRecord record) throws Exception {
        return quorum.submit(record).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static RegisterBroker register(int id) {
        return new RegisterBroker(id, "inc-" + id, "127.0.0.1", 9092, null);
    }
}
