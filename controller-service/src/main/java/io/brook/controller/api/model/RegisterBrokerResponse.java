package io.brook.controller.api.model;

/** @param brokerEpoch the registration's epoch (its metadata index); heartbeats must carry it */
public record RegisterBrokerResponse(long brokerEpoch) {}
