package io.brook.gateway.topic;

/** What the gateway needs to know of a topic to route a request. */
public record TopicInfo(String name, int partitions) {

    /** Whether {@code partition} exists. */
    public boolean hasPartition(int partition) {
        return partition >= 0 && partition < partitions;
    }
}
