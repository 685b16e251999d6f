package io.brook.controller.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.metadata.MetadataRecord;
import io.brook.metadata.MetadataRecord.CreateTopic;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import io.brook.metadata.PartitionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrokerLifecycleManagerTest {

    private static final Duration SESSION = Duration.ofSeconds(2);

    private final FakeQuorum quorum = new FakeQuorum();
    private final MutableClock clock = new MutableClock();
    private BrokerLifecycleManager manager;

    @BeforeEach
    void setUp() {
        manager = new BrokerLifecycleManager(quorum, clock, SESSION);
        manager.checkSessions(); // leadership starts now
    }

    @Test
    void registrationIsAnsweredWithItsIndexAsEpoch() {
        quorum.apply(new RegisterBroker(9, "inc-9", "h", 9092, null));
        ControlResult<Long> result = manager.register(new RegisterBroker(1, "inc-1", "h", 9092, null))
                .join();

        assertThat(result.isOk()).isTrue();
        assertThat(result.value()).isEqualTo(2L);
        assertThat(quorum.state().broker(1).orElseThrow().fenced()).isTrue();
    }

    @Test
    void heartbeatUnfencesOnceCaughtUpWithItsRegistration() {
        long epoch = register(1);

        ControlResult<Boolean> behind =
                manager.heartbeat(1, epoch, epoch - 1, false).join();
        assertThat(behind.value()).isTrue();
        assertThat(quorum.takeSubmitted()).isEmpty();

        ControlResult<Boolean> caughtUp =
                manager.heartbeat(1, epoch, epoch, false).join();
        assertThat(caughtUp.value()).isFalse();
        assertThat(quorum.takeSubmitted()).containsExactly(new UnfenceBroker(1, epoch));
        assertThat(quorum.state().isUnfenced(1)).isTrue();
    }

    @Test
    void heartbeatWithUnknownBrokerOrOldEpochIsStale() {
        long epoch = register(1);

        assertThat(manager.heartbeat(7, epoch, epoch, false).join().error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
        assertThat(manager.heartbeat(1, epoch - 1, epoch, false).join().error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
    }

    @Test
    void heartbeatWithARegistrationNotYetAppliedHereWaitsForIt() {
        long epoch = register(1);
        long next = quorum.state().lastAppliedIndex() + 1;

        CompletableFuture<ControlResult<Boolean>> pending = manager.heartbeat(1, next, next, false);
        assertThat(pending).isNotDone();

        // The new registration, committed through another controller, reaches this one.
        assertThat(quorum.apply(new RegisterBroker(1, "inc-1-again", "h", 9092, null))
                        .index())
                .isEqualTo(next);
        assertThat(pending.join().value()).isFalse();
        assertThat(quorum.takeSubmitted()).containsExactly(new UnfenceBroker(1, next));
        assertThat(epoch).isLessThan(next);
    }

    @Test
    void heartbeatWithAnEpochNeverAppliedIsStaleAfterTheWait() {
        register(1);
        long future = quorum.state().lastAppliedIndex() + 100;

        CompletableFuture<ControlResult<Boolean>> pending = manager.heartbeat(1, future, future, false);
        quorum.timeOutWaiters();

        assertThat(pending.join().error()).isEqualTo(Errors.STALE_BROKER_EPOCH);
    }

    @Test
    void onlyTheLeaderTakesHeartbeats() {
        long epoch = register(1);
        quorum.loseLeadership();

        ControlResult<Boolean> result =
                manager.heartbeat(1, epoch, epoch, false).join();

        assertThat(result.error()).isEqualTo(Errors.NOT_CONTROLLER);
        assertThat(quorum.takeSubmitted()).isEmpty();
    }

    @Test
    void silentBrokerIsFencedAfterTheSessionTimeoutAndItsPartitionsMove() {
        long epoch1 = unfenced(1);
        long epoch2 = unfenced(2);
        quorum.apply(new CreateTopic("t", "id-t", Map.of(), List.of(List.of(1, 2))));
        quorum.takeSubmitted();

        clock.advance(Duration.ofMillis(1500));
        manager.heartbeat(2, epoch2, epoch2, false).join();
        clock.advance(Duration.ofMillis(500));
        manager.checkSessions();
        assertThat(quorum.takeSubmitted()).as("exactly at the timeout").isEmpty();

        clock.advance(Duration.ofMillis(1));
        manager.checkSessions();

        assertThat(quorum.takeSubmitted()).containsExactly(new FenceBroker(1, epoch1));
        assertThat(quorum.state().isUnfenced(1)).isFalse();
        assertThat(quorum.state().isUnfenced(2)).isTrue();
        PartitionState p = quorum.state().topic("t").orElseThrow().partitions().get(0);
        assertThat(p.leader()).isEqualTo(2);
        assertThat(p.leaderEpoch()).isEqualTo(1);
    }

    @Test
    void heartbeatingBrokerStaysUnfenced() {
        long epoch = unfenced(1);
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(500));
            manager.heartbeat(1, epoch, epoch, false).join();
            manager.checkSessions();
        }
        assertThat(quorum.takeSubmitted()).isEmpty();
        assertThat(quorum.state().isUnfenced(1)).isTrue();
    }

    @Test
    void newLeaderGivesEveryBrokerAFullSessionTimeout() {
        long epoch = unfenced(1);
        quorum.loseLeadership();
        clock.advance(Duration.ofSeconds(10)); // heartbeats went to another controller meanwhile
        manager.checkSessions();
        assertThat(quorum.takeSubmitted()).isEmpty();

        quorum.gainLeadership();
        manager.checkSessions();
        clock.advance(SESSION);
        manager.checkSessions();
        assertThat(quorum.takeSubmitted()).as("within the grace").isEmpty();

        clock.advance(Duration.ofMillis(1));
        manager.checkSessions();
        assertThat(quorum.takeSubmitted()).containsExactly(new FenceBroker(1, epoch));
    }

    @Test
    void controlledShutdownFencesBeforeAnswering() {
        long epoch1 = unfenced(1);
        unfenced(2);
        quorum.apply(new CreateTopic("t", "id-t", Map.of(), List.of(List.of(1, 2))));
        quorum.takeSubmitted();

        ControlResult<Boolean> result =
                manager.heartbeat(1, epoch1, epoch1, true).join();

        assertThat(result.value()).isTrue();
        assertThat(quorum.takeSubmitted()).containsExactly(new FenceBroker(1, epoch1));
        assertThat(quorum.state().topic("t").orElseThrow().partitions().get(0).leader())
                .isEqualTo(2);

        // Still shutting down, already fenced: no further record, and never unfenced again.
        assertThat(manager.heartbeat(1, epoch1, epoch1 + 10, true).join().value())
                .isTrue();
        assertThat(quorum.takeSubmitted()).isEmpty();
    }

    @Test
    void fencedBrokersAreNotFencedAgain() {
        long epoch = unfenced(1);
        manager.heartbeat(1, epoch, epoch, true).join();
        quorum.takeSubmitted();

        clock.advance(Duration.ofSeconds(30));
        manager.checkSessions();

        assertThat(quorum.takeSubmitted()).isEmpty();
    }

    @Test
    void failedFenceIsRetriedOnTheNextCheck() {
        long epoch = unfenced(1);
        quorum.failSubmits(new TimeoutException("no quorum"));
        clock.advance(SESSION.plusMillis(1));
        manager.checkSessions();
        assertThat(quorum.takeSubmitted()).containsExactly(new FenceBroker(1, epoch));

        quorum.failSubmits(null);
        manager.checkSessions();
        assertThat(quorum.takeSubmitted()).containsExactly(new FenceBroker(1, epoch));
        assertThat(quorum.state().isUnfenced(1)).isFalse();
    }

    @Test
    void submitFailureBecomesAKafkaError() {
        long epoch = register(1);
        quorum.failSubmits(new TimeoutException("not committed"));

        ControlResult<Boolean> result =
                manager.heartbeat(1, epoch, epoch, false).join();

        assertThat(result.error()).isEqualTo(Errors.REQUEST_TIMED_OUT);
        assertThat(result.message()).contains("not committed");
    }

    private long register(int brokerId) {
        long epoch = manager.register(new RegisterBroker(brokerId, "inc-" + brokerId, "h", 9092, null))
                .join()
                .value();
        quorum.takeSubmitted();
        return epoch;
    }

    private long unfenced(int brokerId) {
        long epoch = register(brokerId);
        manager.heartbeat(brokerId, epoch, epoch, false).join();
        List<MetadataRecord> records = quorum.takeSubmitted();
        assertThat(records).containsExactly(new UnfenceBroker(brokerId, epoch));
        return epoch;
    }
}
