package io.brook.controller.api.model;

/** @param fenced a fenced broker leads nothing and joins no ISR */
public record HeartbeatResponse(boolean fenced) {}
