package io.brook.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The four producer set-ups of the produce rows: acks=1 or acks=all, each with the Java client's default batching
 * (batch.size=16384, linger.ms=5) or with larger batches. Everything else, compression included (none), stays at the
 * client's defaults.
 */
public enum ProduceProfile {
    ACKS_1_DEFAULT("produce acks=1 default batching", "1", false),
    ACKS_1_TUNED("produce acks=1 tuned batching", "1", true),
    ACKS_ALL_DEFAULT("produce acks=all default batching", "all", false),
    ACKS_ALL_TUNED("produce acks=all tuned batching", "all", true);

    /** The tuned batching: 256 KiB batches, up to 10 ms linger. */
    public static final Map<String, String> TUNED_BATCHING = Map.of("batch.size", "262144", "linger.ms", "10");

    private final String label;
    private final String acks;
    private final boolean tuned;

    ProduceProfile(String label, String acks, boolean tuned) {
        this.label = label;
        this.acks = acks;
        this.tuned = tuned;
    }

    public String label() {
        return label;
    }

    /** A topic name for this profile, e.g. {@code produce-acks-all-tuned}. */
    public String topic() {
        return "produce-acks-" + acks + (tuned ? "-tuned" : "-default");
    }

    /** Producer properties as {@code name=value}, in a stable order. */
    public List<String> producerProperties() {
        List<String> props = new ArrayList<>();
        props.add("acks=" + acks);
        if (tuned) {
            props.add("batch.size=" + TUNED_BATCHING.get("batch.size"));
            props.add("linger.ms=" + TUNED_BATCHING.get("linger.ms"));
        }
        return props;
    }
}
