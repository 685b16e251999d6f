package io.brook.broker.replica;

import java.util.function.LongSupplier;

/**
 * How followers fetch.
 *
 * @param fetchWaitMaxMs how long a fetch waits at the leader for data
 * @param fetchMaxBytesPerPartition bytes per partition in one fetch
 * @param fetchMaxBytes bytes per fetch response
 * @param requestTimeoutMs timeout of connecting and of each call beyond the fetch wait
 * @param brokerEpoch this broker's registration epoch, sent with every fetch
 */
public record ReplicaFetcherConfig(
        int fetchWaitMaxMs,
        int fetchMaxBytesPerPartition,
        int fetchMaxBytes,
        int requestTimeoutMs,
        LongSupplier brokerEpoch) {}
