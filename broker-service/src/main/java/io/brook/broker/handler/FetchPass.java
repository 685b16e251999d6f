package io.brook.broker.handler;

import io.brook.broker.metrics.BrokerMetrics;
import io.brook.broker.partition.Partition;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.FetchResponseData;

/**
 * One read pass of a fetch over its partitions: the response being built, the byte budget left, and what was
 * delivered, so the caller can decide whether the fetch is satisfied and count what went out. Confined to the
 * thread running the pass; read-only once the pass is over.
 */
final class FetchPass {

    /** Records of one topic-partition that the response carries. */
    private record Delivery(String topic, int bytes, long records) {}

    private final FetchResponseData response;
    private final List<Partition> partitions = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private int remainingBytes;
    private int bytes;
    private boolean hasError;

    FetchPass(FetchResponseData response, int maxBytes) {
        this.response = response;
        this.remainingBytes = maxBytes <= 0 ? Integer.MAX_VALUE : maxBytes;
    }

    FetchResponseData response() {
        return response;
    }

    /** How many bytes a partition may still add under the request's {@code maxBytes}. */
    int remainingBytes() {
        return remainingBytes;
    }

    /** Whether nothing has been read yet, so the next partition must return at least one whole batch. */
    boolean isEmpty() {
        return bytes == 0;
    }

    void touched(Partition partition) {
        partitions.add(partition);
    }

    void delivered(String topic, int size, long records) {
        bytes += size;
        remainingBytes -= size;
        deliveries.add(new Delivery(topic, size, records));
    }

    void failed() {
        hasError = true;
    }

    int bytes() {
        return bytes;
    }

    boolean hasError() {
        return hasError;
    }

    /** The partitions whose next append may satisfy a waiting fetch. */
    List<Partition> partitions() {
        return partitions;
    }

    /** Counts what this response delivers and hands it over. */
    FetchResponseData respond(BrokerMetrics metrics) {
        for (Delivery delivery : deliveries) {
            var meters = metrics.topic(delivery.topic());
            meters.bytesOut().increment(delivery.bytes());
            meters.recordsOut().increment(delivery.records());
        }
        return response;
    }
}
