package io.brook.broker.replica;

import io.brook.broker.partition.Partition;
import io.brook.metadata.MetadataRecord.AlterPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ISR of the partitions led here honest: on each {@link #check}, a partition whose wanted ISR differs from
 * the committed one (a follower lagging past {@code replica.lag.time.max.ms} leaves, one caught up joins) sends an
 * AlterPartition record to the controller quorum, naming the leader epoch and partition epoch it was computed from.
 * The quorum applies it only if both are still current; either way the committed ISR comes back through the
 * metadata, and only then does the leader use it. At most one change per partition is in flight.
 *
 * <p>From the moment a change is sent until the metadata moves past the partition epoch it was computed from, its
 * members count for the high watermark too ({@link Partition#isrChangeProposed}): the quorum may have committed an
 * expansion the leader has not heard of. A refusal by the quorum withdraws it; a failure without an answer (a
 * timeout) does not, since the change may have been applied.
 */
public final class IsrManager {

    private static final Logger log = LoggerFactory.getLogger(IsrManager.class);

    private final int brokerId;
    private final LongSupplier brokerEpoch;
    private final long lagMaxMs;
    private final Supplier<Collection<Partition>> ledPartitions;
    private final Function<AlterPartition, CompletableFuture<Errors>> submit;
    /** Partition epoch a pending change was computed from. */
    private final Map<TopicPartition, Integer> inFlight = new ConcurrentHashMap<>();

    public IsrManager(
            int brokerId,
            LongSupplier brokerEpoch,
            long lagMaxMs,
            Supplier<Collection<Partition>> ledPartitions,
            Function<AlterPartition, CompletableFuture<Errors>> submit) {
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
        this.lagMaxMs = lagMaxMs;
        this.ledPartitions = ledPartitions;
        this.submit = submit;
    }

    public void check() {
        for (Partition partition : ledPartitions.get()) {
            TopicPartition tp = partition.topicPartition();
            Integer pending = inFlight.get(tp);
            if (pending != null) {
                if (pending == partition.partitionEpoch()) {
                    continue;
                }
                inFlight.remove(tp, pending);
            }
            Optional<List<Integer>> wanted = partition.desiredIsr(lagMaxMs);
            if (wanted.isEmpty()) {
                continue;
            }
            int partitionEpoch = partition.partitionEpoch();
            var record = new AlterPartition(
                    tp.topic(),
                    tp.partition(),
                    brokerId,
                    brokerEpoch.getAsLong(),
                    partition.leaderEpoch(),
                    partitionEpoch,
                    wanted.get());
            log.info("Broker {} changes the ISR of {} from {} to {}", brokerId, tp, partition.isr(), wanted.get());
            inFlight.put(tp, partitionEpoch);
            partition.isrChangeProposed(partitionEpoch, wanted.get());
            submit.apply(record).whenComplete((error, failure) -> {
                if (failure != null || error != Errors.NONE) {
                    log.info(
                            "ISR change of {} not applied: {}",
                            tp,
                            failure != null ? failure.toString() : error.name());
                    if (failure == null) {
                        partition.isrChangeRefused(partitionEpoch, wanted.get());
                    }
                    inFlight.remove(tp, partitionEpoch);
                }
            });
        }
    }
}
