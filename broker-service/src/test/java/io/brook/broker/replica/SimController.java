package io.brook.broker.replica;

import io.brook.metadata.ApplyResult;
import io.brook.metadata.BrokerRegistration;
import io.brook.metadata.ClusterState;
import io.brook.metadata.MetadataApplier;
import io.brook.metadata.MetadataRecord;
import io.brook.metadata.MetadataRecord.FenceBroker;
import io.brook.metadata.MetadataRecord.RegisterBroker;
import io.brook.metadata.MetadataRecord.UnfenceBroker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.Errors;

/**
 * The controller quorum, reduced to its state machine: every record goes through {@link MetadataApplier} at the next
 * index, and every state is kept so that brokers can lag behind and catch up one index range at a time. Broker
 * sessions follow the controller's {@code BrokerLifecycleManager}: heartbeats keep an unfenced broker unfenced, a
 * silent one is fenced after the session timeout, and a fenced one is unfenced by a heartbeat once it has applied
 * the metadata up to its own registration.
 */
final class SimController {

    /** What a heartbeat answers: the broker's registration epoch is stale (register again), else fenced or not. */
    enum HeartbeatAnswer {
        STALE_EPOCH,
        FENCED,
        UNFENCED
    }

    private final long sessionTimeoutMs;
    private final Consumer<String> trace;
    private final List<ClusterState> history = new ArrayList<>();
    private final Map<Integer, Long> lastHeartbeatMs = new HashMap<>();

    SimController(String clusterId, long sessionTimeoutMs, Consumer<String> trace) {
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.trace = trace;
        history.add(ClusterState.empty(clusterId));
    }

    ClusterState state() {
        return history.get(history.size() - 1);
    }

    long lastIndex() {
        return state().lastAppliedIndex();
    }

    /** The state right after the record at {@code index}. */
    ClusterState stateAt(long index) {
        return history.get((int) index);
    }

    ApplyResult append(MetadataRecord record) {
        long index = lastIndex() + 1;
        ApplyResult result = MetadataApplier.apply(state(), index, record);
        history.add(result.state());
        trace.accept("controller applies #" + index + " " + record + " -> " + result.error()
                + (result.isOk() ? "" : " (" + result.message() + ")"));
        return result;
    }

    /** Registers a broker process; its registration epoch, or -1 if another incarnation took the id since. */
    long register(RegisterBroker record) {
        append(record);
        return state().broker(record.brokerId())
                .filter(b -> b.incarnationId().equals(record.incarnationId()))
                .map(BrokerRegistration::epoch)
                .orElse(-1L);
    }

    HeartbeatAnswer heartbeat(int brokerId, long brokerEpoch, long appliedIndex, long nowMs) {
        BrokerRegistration broker = state().broker(brokerId).orElse(null);
        if (broker == null || broker.epoch() != brokerEpoch) {
            return HeartbeatAnswer.STALE_EPOCH;
        }
        lastHeartbeatMs.put(brokerId, nowMs);
        if (broker.fenced() && appliedIndex >= broker.epoch()) {
            append(new UnfenceBroker(brokerId, brokerEpoch));
        }
        return state().isUnfenced(brokerId) ? HeartbeatAnswer.UNFENCED : HeartbeatAnswer.FENCED;
    }

    /** Fences every unfenced broker that sent no heartbeat for longer than the session timeout. */
    void checkSessions(long nowMs) {
        // By id: the state's map has no stable order, and the order of the fences decides the elections.
        List<BrokerRegistration> brokers = state().brokers().values().stream()
                .sorted(Comparator.comparingInt(BrokerRegistration::id))
                .toList();
        for (BrokerRegistration broker : brokers) {
            long last = lastHeartbeatMs.getOrDefault(broker.id(), Long.MIN_VALUE / 2);
            if (!broker.fenced() && nowMs - last > sessionTimeoutMs) {
                append(new FenceBroker(broker.id(), broker.epoch()));
            }
        }
    }

    /** Applies an AlterPartition (or any record a broker computed) and answers its outcome. */
    Errors submit(MetadataRecord record) {
        return append(record).error();
    }

    void heartbeatAt(int brokerId, long nowMs) {
        lastHeartbeatMs.put(brokerId, nowMs);
    }
}
