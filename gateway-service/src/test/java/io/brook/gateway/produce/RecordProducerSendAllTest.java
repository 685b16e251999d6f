package io.brook.gateway.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.brook.gateway.api.model.RecordOffset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RecordProducerSendAllTest {

    private final MockProducer<byte[], byte[]> kafka =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ProducerPool pool = mock(ProducerPool.class);
    private final RecordProducer producer =
            new RecordProducer(pool, JsonMapper.builder().build());

    @Test
    void answersEveryOutcomeInRequestOrderWhateverOrderTheyComeIn() throws Exception {
        when(pool.producer(Acks.ALL)).thenReturn(kafka);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(new ProducerRecord<>("t", i % 2, null, new byte[] {(byte) i}));
        }
        CompletableFuture<List<RecordOffset>> answer =
                producer.sendAll(records, Acks.ALL).toFuture();
        waitForSends(4);
        assertThat(answer).isNotDone();
        kafka.errorNext(new NotEnoughReplicasException("not enough"));
        assertThat(answer).isNotDone();
        kafka.completeNext();
        kafka.completeNext();
        assertThat(answer).isNotDone();
        kafka.completeNext();

        List<RecordOffset> outcomes = answer.get();
        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(0).error().code()).isEqualTo("NOT_ENOUGH_REPLICAS");
        assertThat(outcomes.get(0).partition()).isEqualTo(0);
        for (int i = 1; i < 4; i++) {
            assertThat(outcomes.get(i).error()).isNull();
            // MockProducer without a cluster puts every record in partition 0, offsets in send order.
            assertThat(outcomes.get(i).offset()).isEqualTo((long) i);
        }
    }

    @Test
    void aProducerThatCannotBeHadFailsEveryRecord() {
        when(pool.producer(Acks.LEADER)).thenThrow(new IllegalStateException("The gateway is shutting down"));
        List<RecordOffset> outcomes = producer.sendAll(
                        List.of(new ProducerRecord<>("t", 1, null, new byte[0]), new ProducerRecord<>("t", null, null)),
                        Acks.LEADER)
                .block(Duration.ofSeconds(5));
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes)
                .allSatisfy(outcome -> assertThat(outcome.error().code()).isEqualTo("UNKNOWN_SERVER_ERROR"));
        assertThat(outcomes.get(0).partition()).isEqualTo(1);
        assertThat(outcomes.get(1).partition()).isNull();
    }

    @Test
    void aSendThatThrowsFailsOnlyItsRecord() {
        kafka.close();
        when(pool.producer(Acks.NONE)).thenReturn(kafka);
        List<RecordOffset> outcomes = producer.sendAll(
                        List.of(new ProducerRecord<>("t", 0, null, new byte[0])), Acks.NONE)
                .block(Duration.ofSeconds(5));
        assertThat(outcomes)
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.error()).isNotNull());
    }

    private void waitForSends(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.history().size() >= count);
        assertThat(kafka.history()).hasSize(count);
    }
}
