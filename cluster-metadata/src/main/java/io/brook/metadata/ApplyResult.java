package io.brook.metadata;

import org.apache.kafka.common.protocol.Errors;

/**
 * The state after applying one record, and the record's outcome: {@link Errors#NONE}, or why it was a no-op.
 * A rejected record leaves the state as it was apart from the applied index.
 */
public record ApplyResult(ClusterState state, Errors error, String message) {

    static ApplyResult ok(ClusterState state) {
        return new ApplyResult(state, Errors.NONE, null);
    }

    static ApplyResult rejected(ClusterState unchanged, Errors error, String message) {
        return new ApplyResult(unchanged, error, message);
    }

    public boolean isOk() {
        return error == Errors.NONE;
    }
}
