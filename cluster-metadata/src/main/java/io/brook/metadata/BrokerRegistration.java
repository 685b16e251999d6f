package io.brook.metadata;

/**
 * A broker as the controller quorum knows it.
 *
 * @param id broker id
 * @param epoch the Raft index of the registration; a restart registers again and gets a new epoch, so requests
 *     carrying an older epoch are recognised as stale
 * @param incarnationId random per broker process start; a registration with the same incarnation is a retry
 * @param host Kafka listener host
 * @param port Kafka listener port
 * @param rack rack id, or null
 * @param fenced a fenced broker leads nothing and joins no ISR; brokers register fenced and are unfenced once they
 *     have caught up with the metadata
 */
public record BrokerRegistration(
        int id, long epoch, String incarnationId, String host, int port, String rack, boolean fenced) {

    BrokerRegistration withFenced(boolean newFenced) {
        return new BrokerRegistration(id, epoch, incarnationId, host, port, rack, newFenced);
    }
}
