package io.brook.controller.control;

import org.apache.kafka.common.protocol.Errors;

/**
 * The result of a preferred-leader election for one partition, as Kafka's ElectLeaders reports it.
 *
 * @param leader the partition's leader after the election (-1 for none or an unknown partition)
 * @param error {@link Errors#NONE} when the preferred replica leads now; {@link Errors#ELECTION_NOT_NEEDED} when it
 *     already did; {@link Errors#PREFERRED_LEADER_NOT_AVAILABLE} when it is fenced or out of sync;
 *     {@link Errors#UNKNOWN_TOPIC_OR_PARTITION}
 */
public record ElectionOutcome(String topic, int partition, int leader, Errors error) {}
