package io.brook.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.brook.gateway.consume.Cursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

@TestPropertySource(properties = "brook.gateway.consume.heartbeat-interval=500ms")
class EventsIT extends GatewayTestBase {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Flux<ServerSentEvent<String>> stream(String uri, String lastEventId) {
        WebClient.RequestHeadersSpec<?> request =
                WebClient.create(baseUrl()).get().uri(uri);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.retrieve().bodyToFlux(SSE).filter(event -> "record".equals(event.event()));
    }

    private static JsonNode data(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }

    @Test
    void streamsEveryRecordFromTheBeginningInOrderPerPartition() {
        String topic = createTopic("sse-all", 3);
        Records.produce(topic, 3, "v", 60);
        List<ServerSentEvent<String>> events = stream("/v1/topics/" + topic + "/events?from=beginning", null)
                .take(60)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events).hasSize(60);
        Map<Integer, Long> lastOffset = new HashMap<>();
        Set<String> values = new HashSet<>();
        for (ServerSentEvent<String> event : events) {
            JsonNode record = data(event);
            int partition = record.get("partition").asInt();
            long offset = record.get("offset").asLong();
            assertThat(offset).isEqualTo(lastOffset.getOrDefault(partition, -1L) + 1);
            lastOffset.put(partition, offset);
            assertThat(Cursor.parse(event.id()).offsets()).containsEntry(partition, offset + 1);
            values.add(record.get("value").asString());
        }
        assertThat(values).hasSize(60);
    }

    @Test
    void aStreamCutMidwayResumesFromLastEventIdWithNoGapAndNoDuplicate() {
        String topic = createTopic("sse-resume", 3);
        Records.produce(topic, 3, "first", 90);
        List<ServerSentEvent<String>> head = stream("/v1/topics/" + topic + "/events?from=beginning", null)
                .take(37)
                .collectList()
                .block(Duration.ofSeconds(30));
        String lastId = head.get(head.size() - 1).id();
        Records.produce(topic, 3, "second", 30);
        // from=end must not win over Last-Event-ID.
        List<ServerSentEvent<String>> tail = stream("/v1/topics/" + topic + "/events?from=end", lastId)
                .take(120 - 37)
                .collectList()
                .block(Duration.ofSeconds(30));
        List<String> all = new ArrayList<>();
        head.forEach(event -> all.add(data(event).get("value").asString()));
        tail.forEach(event -> all.add(data(event).get("value").asString()));
        assertThat(all).doesNotHaveDuplicates().hasSize(120);
        // Nothing more arrives: the stream is exactly at the end.
        List<ServerSentEvent<String>> more = stream(
                        "/v1/topics/" + topic + "/events",
                        tail.get(tail.size() - 1).id())
                .take(Duration.ofSeconds(2))
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(more).isEmpty();
    }

    @Test
    void fromEndDeliversOnlyNewRecordsAndIdleStreamsGetHeartbeats() throws Exception {
        String topic = createTopic("sse-end", 2);
        Records.produce(topic, 2, "old", 10);
        List<ServerSentEvent<String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch heartbeat = new CountDownLatch(1);
        Disposable subscription = WebClient.create(baseUrl())
                .get()
                .uri("/v1/topics/" + topic + "/events?from=end")
                .retrieve()
                .bodyToFlux(SSE)
                .subscribe(event -> {
                    if ("heartbeat".equals(event.comment())) {
                        heartbeat.countDown();
                    } else if ("record".equals(event.event())) {
                        received.add(event);
                    }
                });
        try {
            assertThat(heartbeat.await(10, TimeUnit.SECONDS)).isTrue();
            Records.produceOne(topic, 1, "k", "\"new\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
            assertThat(received).hasSize(1);
            assertThat(data(received.get(0)).get("value").asString()).isEqualTo("new");
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void fromATimestampStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
        String topic = createTopic("sse-time", 1);
        long since = System.currentTimeMillis();
        Records.produce(topic, 1, "before", 5, since - 60_000);
        Records.produce(topic, 1, "after", 3, since);
        List<ServerSentEvent<String>> events = stream("/v1/topics/" + topic + "/events?from=" + since, null)
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events)
                .extracting(e -> data(e).get("value").asString())
                .containsExactly("after-0", "after-1", "after-2");
    }

    @Test
    void chosenPartitionsOnlyAndUnknownOnesAre404() {
        String topic = createTopic("sse-parts", 3);
        Records.produce(topic, 3, "v", 30);
        List<ServerSentEvent<String>> events = stream(
                        "/v1/topics/" + topic + "/events?from=beginning&partitions=2", null)
                .take(10)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events)
                .allSatisfy(e -> assertThat(data(e).get("partition").asInt()).isEqualTo(2));
        web.get()
                .uri("/v1/topics/{t}/events?partitions=7", topic)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/v1/topics/{t}/events", "no-such-topic-sse")
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/v1/topics/{t}/events?cursor=garbage", topic)
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void aThousandConcurrentClientsEachReceiveEveryRecordOfABurst() throws Exception {
        String topic = createTopic("sse-fanout", 2);
        int clients = 1000;
        int burst = 50;
        ConnectionProvider connections = ConnectionProvider.builder("sse-fanout")
                .maxConnections(clients + 10)
                .pendingAcquireMaxCount(-1)
                .build();
        WebClient client = WebClient.builder()
                .baseUrl(baseUrl())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .build();
        CountDownLatch opened = new CountDownLatch(clients);
        CountDownLatch done = new CountDownLatch(clients);
        AtomicInteger wrong = new AtomicInteger();
        List<Disposable> subscriptions = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Set<String> seen = new HashSet<>();
                subscriptions.add(client.get()
                        .uri("/v1/topics/" + topic + "/events?from=end")
                        .retrieve()
                        .bodyToFlux(SSE)
                        .doOnNext(event -> {
                            if (event.comment() != null && event.comment().startsWith("stream of")) {
                                opened.countDown();
                            }
                        })
                        .filter(event -> "record".equals(event.event()))
                        .take(burst)
                        .subscribe(
                                event -> {
                                    if (!seen.add(data(event).get("value").asString())) {
                                        wrong.incrementAndGet();
                                    }
                                },
                                error -> wrong.incrementAndGet(),
                                () -> {
                                    if (seen.size() == burst) {
                                        done.countDown();
                                    }
                                }));
            }
            assertThat(opened.await(60, TimeUnit.SECONDS))
                    .as("all streams open")
                    .isTrue();
            Records.produce(topic, 2, "burst", burst);
            assertThat(done.await(60, TimeUnit.SECONDS))
                    .as("clients that got the whole burst: %d of %d", clients - done.getCount(), clients)
                    .isTrue();
            assertThat(wrong).hasValue(0);
        } finally {
            subscriptions.forEach(Disposable::dispose);
            connections.dispose();
        }
    }
}
