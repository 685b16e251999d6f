package io.brook.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/** Single-partition produce requests built with kafka-clients' request classes, sent over a raw connection. */
final class ProduceRequests {

    private ProduceRequests() {}

    /**
     * A request body for one partition with acks=all. Both the name (versions up to 12) and the topic id (13 and
     * later) are set; each version serializes the one it carries.
     */
    static ProduceRequestData data(String topic, Uuid topicId, int partition, MemoryRecords records) {
        var partitionData = new PartitionProduceData().setIndex(partition).setRecords(records);
        var topicData = new TopicProduceData().setName(topic).setTopicId(topicId);
        topicData.partitionData().add(partitionData);
        var topics = new TopicProduceDataCollection();
        topics.add(topicData);
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics);
    }

    /** Produces through the client's request builder (which checks the batch framing) at the negotiated version. */
    static PartitionProduceResponse produce(
            RawKafkaConnection connection, String topic, Uuid topicId, int partition, MemoryRecords records) {
        ProduceResponse response = connection.send(ProduceRequest.builder(data(topic, topicId, partition, records)));
        return onlyPartition(response);
    }

    /**
     * Produces without the client-side checks of the request builder, so malformed batches reach the broker as
     * they are.
     */
    static PartitionProduceResponse produceUnchecked(
            RawKafkaConnection connection, short version, ProduceRequestData data) {
        ProduceResponse response = connection.send(new ProduceRequest(data, version));
        return onlyPartition(response);
    }

    /** The highest Produce version both sides know. */
    static short negotiatedVersion(RawKafkaConnection connection) {
        return (short) Math.min(ApiKeys.PRODUCE.latestVersion(), connection.brokerMaxVersion(ApiKeys.PRODUCE));
    }

    static PartitionProduceResponse onlyPartition(ProduceResponse response) {
        assertThat(response.data().responses())
                .as("topics in the produce response")
                .hasSize(1);
        TopicProduceResponse topic = response.data().responses().iterator().next();
        assertThat(topic.partitionResponses())
                .as("partitions in the produce response")
                .hasSize(1);
        return topic.partitionResponses().get(0);
    }

    /** A copy of the records' bytes that can be altered without touching the original. */
    static ByteBuffer copyOf(MemoryRecords records) {
        ByteBuffer source = records.buffer().duplicate();
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return copy;
    }
}
