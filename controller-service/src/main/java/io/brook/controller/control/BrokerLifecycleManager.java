package io.brook.controller.control;

import io.brook.controller.quorum.ApplyOutcome;
import io.brook.controller.quorum.MetadataQuorum;
import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataRecord;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker membership as the active controller sees it: registration, heartbeats, session expiry and controlled
 * shutdown, each turned into a {@link MetadataRecord} submitted to the quorum.
 *
 * <ul>
 *   <li>Only the leader tracks sessions. Heartbeat times are kept in memory on the leader; when a node starts leading
 *       (a new term), every broker's session counts from that moment, so no broker is fenced merely because the
 *       controller changed.
 *   <li>{@link #checkSessions} submits {@link FenceBroker} for every unfenced broker silent for longer than the session
 *       timeout; at most one fence per registration is in flight.
 *   <li>A heartbeat unfences a fenced broker that has applied the metadata up to its own registration and is not
 *       shutting down, and fences an unfenced one that is shutting down; it is answered after the record is applied.
 * </ul>
 *
 * <p>Threading: heartbeats arrive on any thread (HTTP event loops), {@link #checkSessions} on one scheduler thread.
 * Heartbeat times and in-flight fences are concurrent collections; the leadership term and its start are guarded by
 * this object's monitor. Nothing blocks: results are futures.
 */
public final class BrokerLifecycleManager {

    private static final Logger log = LoggerFactory.getLogger(BrokerLifecycleManager.class);

    private final MetadataQuorum quorum;
    private final Clock clock;
    private final long sessionTimeoutMs;
    private final Map<Integer, Long> lastHeartbeatMs = new ConcurrentHashMap<>();
    /** Epochs (registrations) with a FenceBroker submitted and not yet applied. */
    private final Set<Long> fencing = ConcurrentHashMap.newKeySet();

    private long leaderTerm = -1;
    private long leaderSinceMs;

    public BrokerLifecycleManager(MetadataQuorum quorum, Clock clock, Duration sessionTimeout) {
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("The session timeout must be positive, not " + sessionTimeout);
        }
        this.quorum = quorum;
        this.clock = clock;
        this.sessionTimeoutMs = sessionTimeout.toMillis();
    }

    /**
     * Registers a broker process. Any controller may take it: the record goes through the Raft client. Completes with
     * the registration's epoch (its Raft index) once applied here.
     */
    public CompletableFuture<ControlResult<Long>> register(RegisterBroker registration) {
        return quorum.submit(registration).handle((outcome, failure) -> {
            if (failure != null) {
                return ControlResult.failed(failure);
            }
            if (!outcome.isOk()) {
                return ControlResult.failed(outcome.error(), outcome.message());
            }
            return quorum.state()
                    .broker(registration.brokerId())
                    .filter(b -> b.incarnationId().equals(registration.incarnationId()))
                    .map(b -> ControlResult.ok(b.epoch()))
                    .orElseGet(() -> ControlResult.failed(
                            Errors.STALE_BROKER_EPOCH,
                            "Broker " + registration.brokerId() + " was registered again by another incarnation"));
        });
    }

    /**
     * A broker's heartbeat. Completes with whether the broker is fenced after it, or with {@link Errors#NOT_CONTROLLER}
     * when this node is not the active controller, or {@link Errors#STALE_BROKER_EPOCH} when {@code brokerEpoch} is not
     * the broker's current registration (it must register again).
     *
     * @param appliedIndex the highest metadata index the broker has applied
     * @param shuttingDown the broker is shutting down and wants its leaderships moved away
     */
    public CompletableFuture<ControlResult<Boolean>> heartbeat(
            int brokerId, long brokerEpoch, long appliedIndex, boolean shuttingDown) {
        if (leadershipStartMs().isEmpty()) {
            return done(ControlResult.failed(Errors.NOT_CONTROLLER, "This controller is not the active controller"));
        }
        ClusterState state = quorum.state();
        BrokerRegistration broker = state.broker(brokerId).orElse(null);
        if ((broker == null || broker.epoch() < brokerEpoch) && brokerEpoch > state.lastAppliedIndex()) {
            // Registered through another controller and not applied here yet: wait for it, then answer.
            return quorum.awaitApplied(brokerEpoch)
                    .handle((applied, failure) -> failure)
                    .thenCompose(failure -> failure == null
                            ? heartbeat(brokerId, brokerEpoch, appliedIndex, shuttingDown)
                            : done(ControlResult.failed(
                                    Errors.STALE_BROKER_EPOCH,
                                    "Broker " + brokerId + " has no registration with epoch " + brokerEpoch)));
        }
        if (broker == null || broker.epoch() != brokerEpoch) {
            String current = broker == null ? "no registration" : "current epoch " + broker.epoch();
            return done(ControlResult.failed(
                    Errors.STALE_BROKER_EPOCH,
                    "Broker " + brokerId + " has " + current + ", not epoch " + brokerEpoch + "; register again"));
        }
        lastHeartbeatMs.put(brokerId, clock.millis());
        if (shuttingDown) {
            return broker.fenced()
                    ? done(ControlResult.ok(true))
                    : submitThenAnswer(new FenceBroker(brokerId, brokerEpoch), brokerId, brokerEpoch);
        }
        if (broker.fenced() && appliedIndex >= broker.epoch()) {
            return submitThenAnswer(new UnfenceBroker(brokerId, brokerEpoch), brokerId, brokerEpoch);
        }
        return done(ControlResult.ok(broker.fenced()));
    }

    /** Fences every unfenced broker whose session expired; does nothing unless this node leads. */
    public void checkSessions() {
        OptionalLong since = leadershipStartMs();
        if (since.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (BrokerRegistration broker : quorum.state().brokers().values()) {
            if (broker.fenced()) {
                continue;
            }
            long last = Math.max(since.getAsLong(), lastHeartbeatMs.getOrDefault(broker.id(), Long.MIN_VALUE));
            if (now - last > sessionTimeoutMs && fencing.add(broker.epoch())) {
                log.info(
                        "Broker {} (epoch {}) sent no heartbeat for {} ms; fencing it",
                        broker.id(),
                        broker.epoch(),
                        now - last);
                quorum.submit(new FenceBroker(broker.id(), broker.epoch())).whenComplete((outcome, failure) -> {
                    fencing.remove(broker.epoch());
                    if (failure != null) {
                        log.warn("Fencing broker {} failed; retrying on the next check", broker.id(), failure);
                    } else if (!outcome.isOk()) {
                        log.info("Fencing broker {} was a no-op: {}", broker.id(), outcome.message());
                    }
                });
            }
        }
    }

    /** When this node leads: the time its current leadership started; otherwise empty. */
    private synchronized OptionalLong leadershipStartMs() {
        long term = quorum.leaderTerm();
        if (term < 0) {
            leaderTerm = -1;
            return OptionalLong.empty();
        }
        if (term != leaderTerm) {
            leaderTerm = term;
            leaderSinceMs = clock.millis();
            log.info("Active controller in term {}: every broker session restarts now", term);
        }
        return OptionalLong.of(leaderSinceMs);
    }

    private CompletableFuture<ControlResult<Boolean>> submitThenAnswer(
            MetadataRecord record, int brokerId, long brokerEpoch) {
        return quorum.submit(record).handle((ApplyOutcome outcome, Throwable failure) -> {
            if (failure != null) {
                return ControlResult.failed(failure);
            }
            if (!outcome.isOk()) {
                return ControlResult.failed(outcome.error(), outcome.message());
            }
            return ControlResult.ok(isFenced(quorum.state(), brokerId, brokerEpoch));
        });
    }

    private static boolean isFenced(ClusterState state, int brokerId, long brokerEpoch) {
        return state.broker(brokerId)
                .filter(b -> b.epoch() == brokerEpoch)
                .map(BrokerRegistration::fenced)
                .orElse(true);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
