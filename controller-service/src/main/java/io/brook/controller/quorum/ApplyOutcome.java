package io.brook.controller.quorum;

import io.brook.metadata.MetadataJson;
import org.apache.kafka.common.protocol.Errors;

/**
 * What applying one record did, as the state machine answers the submitter.
 *
 * <p>On the wire (the Ratis reply message) it is JSON: {@code {"error":"NONE","message":null,"index":N}}, with the
 * error as {@link Errors#name()}.
 *
 * @param error {@link Errors#NONE}, or why the record was a no-op
 * @param message the applier's explanation, or null
 * @param index the record's Raft index
 */
public record ApplyOutcome(Errors error, String message, long index) {

    public boolean isOk() {
        return error == Errors.NONE;
    }

    byte[] encode() {
        return MetadataJson.write(new Wire(error.name(), message, index));
    }

    static ApplyOutcome decode(byte[] bytes) {
        Wire wire = MetadataJson.mapper().readValue(bytes, Wire.class);
        return new ApplyOutcome(Errors.valueOf(wire.error()), wire.message(), wire.index());
    }

    /** The JSON shape: enum by name, independent of the mapper's enum settings. */
    private record Wire(String error, String message, long index) {}
}
