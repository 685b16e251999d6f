package io.brook.gateway.it;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReadIT extends GatewayTestBase {

    @Test
    void readsAPartitionFromAnOffsetWithALimit() {
        String topic = createTopic("read", 2);
        Records.produce(topic, 2, "v", 20);
        web.get()
                .uri("/v1/topics/{t}/partitions/1/records?offset=3&limit=4", topic)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.records.length()")
                .isEqualTo(4)
                .jsonPath("$.records[0].offset")
                .isEqualTo(3)
                .jsonPath("$.records[0].partition")
                .isEqualTo(1)
                .jsonPath("$.records[0].value")
                .isEqualTo("v-7")
                .jsonPath("$.records[0].key")
                .isEqualTo("k7")
                .jsonPath("$.nextOffset")
                .isEqualTo(7);
    }

    @Test
    void valuesThatAreNotJsonComeBackAsBase64AndSaySo() {
        String topic = createTopic("read-raw", 1);
        Records.produceOne(topic, 0, "k", "not json {");
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0", topic)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.records[0].valueFormat")
                .isEqualTo("base64")
                .jsonPath("$.records[0].value")
                .isEqualTo("bm90IGpzb24gew==");
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0&valueFormat=string", topic)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.records[0].value")
                .isEqualTo("not json {")
                .jsonPath("$.records[0].valueFormat")
                .doesNotExist();
    }

    @Test
    void longPollAnswersAsSoonAsARecordArrives() throws Exception {
        String topic = createTopic("read-poll", 1);
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Records.produceOne(topic, 0, "k", "{\"late\":true}");
        });
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0&timeoutMs=10000", topic)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.records[0].value.late")
                .isEqualTo(true)
                .jsonPath("$.nextOffset")
                .isEqualTo(1);
        later.get();
    }

    @Test
    void anEmptyPageAfterTheTimeoutAndErrorsForBadInput() {
        String topic = createTopic("read-empty", 1);
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0&timeoutMs=200", topic)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.records.length()")
                .isEqualTo(0)
                .jsonPath("$.nextOffset")
                .isEqualTo(0);
        web.get()
                .uri("/v1/topics/{t}/partitions/5/records?offset=0", topic)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=-1", topic)
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0&limit=0", topic)
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records", topic)
                .exchange()
                .expectStatus()
                .isBadRequest();
        web.get()
                .uri("/v1/topics/{t}/partitions/0/records?offset=0", "no-such-topic-read")
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
