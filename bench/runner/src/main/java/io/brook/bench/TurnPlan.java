package io.brook.bench;

import io.brook.bench.broker.Topology;
import io.brook.bench.load.ProduceProfile;
import java.util.List;

/**
 * Which produce runs a turn makes and which topics its later phases read, by topology. One broker gets all four
 * produce runs, its consume phases time the acks=1 default-batching topic after reading the acks=all one untimed, and
 * its latency producer uses acks=1. A replicated cluster is produced to as a replicated deployment is, with acks=all
 * only: the warm-up, both produce runs and the latency producer use acks=all, and the consume phases time the acks=all
 * default-batching topic after reading the acks=all tuned one untimed.
 *
 * @param warmup the producer set-up of the unmeasured warm-up
 * @param produce the measured produce runs, in order
 * @param consumeTopic the topic the consume phases time
 * @param consumeWarmupTopic the topic the consume phases read first, untimed
 * @param latencyAcks the latency producer's acks
 */
record TurnPlan(
        ProduceProfile warmup,
        List<ProduceProfile> produce,
        ProduceProfile consumeTopic,
        ProduceProfile consumeWarmupTopic,
        String latencyAcks) {

    TurnPlan {
        produce = List.copyOf(produce);
        if (!produce.contains(consumeTopic) || !produce.contains(consumeWarmupTopic)) {
            throw new IllegalArgumentException("the consume phases read topics no produce run writes");
        }
    }

    static TurnPlan of(Topology topology) {
        if (!topology.replicated()) {
            return new TurnPlan(
                    ProduceProfile.ACKS_1_TUNED,
                    List.of(ProduceProfile.values()),
                    ProduceProfile.ACKS_1_DEFAULT,
                    ProduceProfile.ACKS_ALL_DEFAULT,
                    "1");
        }
        return new TurnPlan(
                ProduceProfile.ACKS_ALL_TUNED,
                List.of(ProduceProfile.ACKS_ALL_DEFAULT, ProduceProfile.ACKS_ALL_TUNED),
                ProduceProfile.ACKS_ALL_DEFAULT,
                ProduceProfile.ACKS_ALL_TUNED,
                "all");
    }
}
