package io.brook.gateway.consume;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reader's position in a topic: for each partition, the next offset to deliver. Written
 * {@code 0:15,1:20} (partition:offset, comma-separated), which is what SSE events carry as
 * {@code id} and what {@code Last-Event-ID} or {@code ?cursor=} bring back.
 */
public record Cursor(Map<Integer, Long> offsets) {

    public Cursor {
        offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** Parses {@code 0:15,1:20}; throws {@link IllegalArgumentException} with a readable reason. */
    public static Cursor parse(String text) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a cursor lists partition:offset pairs, e.g. 0:15,1:20");
        }
        for (String pair : text.trim().split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException("bad cursor entry '" + pair + "': expected partition:offset");
            }
            try {
                int partition = Integer.parseInt(pair.substring(0, colon).trim());
                long offset = Long.parseLong(pair.substring(colon + 1).trim());
                if (partition < 0 || offset < 0) {
                    throw new IllegalArgumentException("bad cursor entry '" + pair + "': negative number");
                }
                if (offsets.put(partition, offset) != null) {
                    throw new IllegalArgumentException("bad cursor: partition " + partition + " appears twice");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad cursor entry '" + pair + "': not numbers");
            }
        }
        return new Cursor(offsets);
    }

    /** The text of a cursor at {@code offsets[i]} for {@code partitions[i]} (partitions ascending). */
    public static String format(int[] partitions, long[] offsets) {
        StringBuilder text = new StringBuilder(partitions.length * 12);
        for (int i = 0; i < partitions.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(partitions[i]).append(':').append(offsets[i]);
        }
        return text.toString();
    }

    /** The text form, partitions in ascending order. */
    public static String format(Map<Integer, Long> offsets) {
        StringBuilder text = new StringBuilder(offsets.size() * 10);
        for (Map.Entry<Integer, Long> entry : offsets.entrySet()) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return format(offsets);
    }
}
