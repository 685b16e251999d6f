package io.brook.controller.api.model;

import jakarta.validation.constraints.NotNull;

/**
 * @param brokerEpoch the epoch the broker's registration was answered with
 * @param appliedIndex the highest metadata index the broker has applied
 * @param shuttingDown the broker is shutting down: fence it so its leaderships move away first
 */
public record HeartbeatRequest(
        @NotNull Long brokerEpoch, @NotNull Long appliedIndex, Boolean shuttingDown) {

    public HeartbeatRequest {
        shuttingDown = Boolean.TRUE.equals(shuttingDown);
    }
}
